/**
 * Sums longer than the ones trained on: a model's weights do not depend on the
 * number of bits, so the same network can add M-bit numbers for any M from 2
 * to 64. Up to 32 bits this is evaluate() at M bits; beyond, the operands are
 * BigInts (exact past 2^53) and each pair runs forward as its bit sequence.
 */

import { describeValue } from '../describeValue';
import type { Parsed } from './config';
import { pairSequence } from './kernel/sequence';
import { evaluate, networkFor } from './evaluate';
import type { Evaluation, NetConfig, Prediction } from './evaluate';
import { Xoshiro128 } from './random';
import { SAMPLE_SEED, SAMPLE_SIZE } from './task';
import type { Weights } from './weights';

export const MIN_TEST_BITS = 2;
export const MAX_TEST_BITS = 64;
/** Every length a model can be tested on, shortest first: the accuracy-by-length chart's x axis. */
export const TEST_LENGTHS: readonly number[] = Array.from({ length: MAX_TEST_BITS - MIN_TEST_BITS + 1 }, (_, i) => i + MIN_TEST_BITS);
/** The widest sums evaluate() handles with plain numbers (bitAt's unsigned shifts). */
const NUMBER_BITS = 32;

/** The valid test lengths, as every message about one says them. */
export const TEST_BITS_RANGE = `a whole number from ${MIN_TEST_BITS} to ${MAX_TEST_BITS}`;

/** A test length's problem (what is wrong, in the one wording every reader uses), or null when it is one. */
export function testBitsProblem(bits: unknown): string | null {
  return Number.isInteger(bits) && (bits as number) >= MIN_TEST_BITS && (bits as number) <= MAX_TEST_BITS ? null : `Bits must be ${TEST_BITS_RANGE}; got ${describeValue(bits)}`;
}

/** Throws a RangeError naming the range when `bits` is not a whole number from 2 to 64. */
export function checkTestBits(bits: number): void {
  const problem = testBitsProblem(bits);
  if (problem) throw new RangeError(problem);
}

/** Reads a test length from text (the CLI's --bits and --test-bits, the studio's length fields): decimal digits, 2 to 64. */
export function parseTestBits(text: string): Parsed<number> {
  const trimmed = text.trim();
  const bits = /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed === '' ? undefined : trimmed;
  const problem = testBitsProblem(bits);
  return problem ? { ok: false, problem } : { ok: true, value: bits as number };
}

/**
 * Reads an addend from text (the CLI's A and B, the studio's probe): decimal
 * digits, from 0 to 2^(bits−1) − 1 so that the sum fits in `bits` bits; a
 * BigInt, exact up to 64 bits. `label` names the operand in the problem.
 */
export function parseOperand(label: string, text: string, bits: number): Parsed<bigint> {
  const trimmed = text.trim();
  const limit = operandLimitAt(bits);
  const allowed = `${label} must be a whole number from 0 to ${limit - 1n} for ${bits}-bit sums`;
  if (trimmed === '') return { ok: false, problem: `${allowed}; got nothing` };
  if (!/^\+?\d+$/.test(trimmed)) return { ok: false, problem: `${allowed}; got ${describeValue(trimmed)}` };
  const value = BigInt(trimmed.replace(/^\+/, ''));
  return value < limit ? { ok: true, value } : { ok: false, problem: `${allowed}; got ${trimmed}` };
}

/** How many values each operand can take at `bits`: 2^(bits−1), so that the sum fits. */
export function operandLimitAt(bits: number): bigint {
  return 1n << BigInt(bits - 1);
}

/** The inputs 2·a_t + b_t and targets (bit t of a + b) of a BigInt pair for L steps. */
export function bigPairSequence(a: bigint, b: bigint, L: number, x: Uint8Array, y: Uint8Array): void {
  const c = a + b;
  for (let t = 0; t < L; t++) {
    const shift = BigInt(t);
    x[t] = 2 * Number((a >> shift) & 1n) + Number((b >> shift) & 1n);
    y[t] = Number((c >> shift) & 1n);
  }
}

const bigSamples = new Map<number, { a: bigint[]; b: bigint[] }>();

/**
 * The fixed sample of SAMPLE_SIZE distinct pairs for more than 32 bits: each
 * operand is two 32-bit draws of xoshiro128** seeded with SAMPLE_SEED (high
 * word first), masked to bits − 1 bits.
 */
export function bigSamplePairs(bits: number): { a: bigint[]; b: bigint[] } {
  let sample = bigSamples.get(bits);
  if (!sample) {
    const rng = new Xoshiro128(SAMPLE_SEED);
    const mask = operandLimitAt(bits) - 1n;
    const draw = (): bigint => ((BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32())) & mask;
    sample = { a: [], b: [] };
    const seen = new Set<string>();
    while (sample.a.length < SAMPLE_SIZE) {
      const a = draw(), b = draw();
      const key = `${a},${b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sample.a.push(a);
      sample.b.push(b);
    }
    bigSamples.set(bits, sample);
  }
  return sample;
}

/**
 * The accuracy at M bits: over every pair when there are at most 65 536, else
 * over a fixed sample of 10 000 (the same pairs for every model).
 */
export function evaluateAtLength(weights: Weights, config: NetConfig, bits: number): Evaluation {
  checkTestBits(bits);
  if (bits <= NUMBER_BITS) return evaluate(weights, { ...config, bits });
  const net = networkFor(weights, { ...config, bits });
  const { a, b } = bigSamplePairs(bits);
  const x = new Uint8Array(bits), y = new Uint8Array(bits);
  let exact = 0, right = 0, loss = 0;
  for (let i = 0; i < a.length; i++) {
    bigPairSequence(a[i]!, b[i]!, bits, x, y);
    loss += net.forwardSequence(x, y);
    let r = 0;
    for (let t = 0; t < bits; t++) if ((net.o[t]! > 0.5 ? 1 : 0) === y[t]) r++;
    right += r;
    if (r === bits) exact++;
  }
  return { exact: exact / a.length, bit: right / (a.length * bits), pairs: a.length, meanLoss: loss / a.length };
}

export type LongPrediction = Prediction<bigint>;

/** One pair of M-bit numbers through the network (operands below 2^(M−1)), exact for any M up to 64. */
export function predictAtLength(weights: Weights, config: NetConfig, a: bigint, b: bigint, bits: number): LongPrediction {
  checkTestBits(bits);
  const limit = operandLimitAt(bits);
  for (const [name, v] of [['a', a], ['b', b]] as const) {
    if (v < 0n || v >= limit) throw new RangeError(`${name} must be a whole number from 0 to ${limit - 1n} for ${bits} bits; got ${v}`);
  }
  const net = networkFor(weights, { ...config, bits });
  const x = new Uint8Array(bits), y = new Uint8Array(bits);
  if (bits <= NUMBER_BITS) pairSequence(Number(a), Number(b), bits, x, y);
  else bigPairSequence(a, b, bits, x, y);
  net.forwardSequence(x, y);
  let predicted = 0n, bitText = '';
  const outputs: number[] = [];
  for (let t = bits - 1; t >= 0; t--) {
    const on = net.o[t]! > 0.5;
    if (on) predicted |= 1n << BigInt(t);
    bitText += on ? '1' : '0';
    outputs.push(net.o[t]!);
  }
  const expected = a + b;
  return {
    a,
    b,
    predicted,
    expected,
    correct: predicted === expected,
    bits: bitText,
    expectedBits: expected.toString(2).padStart(bits, '0'),
    outputs,
    hidden: net.h.slice(config.hiddenSize),
    cellStates: net.c ? net.c.slice(config.hiddenSize) : null,
  };
}

/** Accuracy at each length from 2 to 64 bits (or the lengths given), for an accuracy-versus-length chart. */
export function accuracyByLength(weights: Weights, config: NetConfig, lengths?: readonly number[]): { bits: number; exact: number }[] {
  const all = lengths ?? TEST_LENGTHS;
  return all.map((bits) => ({ bits, exact: evaluateAtLength(weights, config, bits).exact }));
}
