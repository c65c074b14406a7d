/**
 * The task: add two (bits−1)-bit numbers a and b so that c = a + b fits in
 * `bits` bits. Step t reads bit t of a and b (least significant first) and is
 * trained to output bit t of c. Numbers go up to 2^32 − 1, so bits are taken
 * with unsigned shifts, which are exact for every such integer.
 */

import { Xoshiro128 } from './random';

/** How many values each operand can take: a, b ∈ [0, 2^(bits−1)). */
export function operandLimit(bits: number): number {
  return 2 ** (bits - 1);
}

/** Bit t (0 = least significant) of an integer in [0, 2^32). */
export function bitAt(n: number, t: number): number {
  return (n >>> t) & 1;
}

/** The low `bits` bits of n, most significant first, as '0'/'1' characters. */
export function toBitString(n: number, bits: number): string {
  let s = '';
  for (let t = bits - 1; t >= 0; t--) s += bitAt(n, t) ? '1' : '0';
  return s;
}

/** Throws a RangeError naming the operand when it is not an integer in [0, 2^(bits−1)). */
export function checkOperand(name: string, value: number, bits: number): void {
  const limit = operandLimit(bits);
  if (!Number.isInteger(value) || value < 0 || value >= limit) {
    throw new RangeError(`${name} must be an integer from 0 to ${limit - 1} for ${bits} bits; got ${value}`);
  }
}

/** Whether an evaluation at this bit width covers every pair (at most EXHAUSTIVE_LIMIT of them) rather than the fixed sample. */
export function evaluatesAllPairs(bits: number): boolean {
  return operandLimit(bits) ** 2 <= EXHAUSTIVE_LIMIT;
}

/** How many pairs an evaluation at this bit width covers: every pair up to EXHAUSTIVE_LIMIT, else the fixed sample. */
export function evaluationPairs(bits: number): number {
  return evaluatesAllPairs(bits) ? operandLimit(bits) ** 2 : SAMPLE_SIZE;
}

/** Pairs evaluated when there are too many to try them all. */
export const SAMPLE_SIZE = 10_000;
/** The largest number of pairs evaluated exhaustively. */
export const EXHAUSTIVE_LIMIT = 65_536;
/**
 * The seed of the evaluation sample. It is fixed, and separate from the
 * training seed, so that accuracies of different runs are measured on the same pairs.
 */
export const SAMPLE_SEED = 20_240_601;

const samples = new Map<number, { a: Uint32Array; b: Uint32Array }>();

/** A fixed sample of SAMPLE_SIZE distinct pairs for a bit width (xoshiro128** seeded with SAMPLE_SEED). */
export function samplePairs(bits: number): { a: Uint32Array; b: Uint32Array } {
  let sample = samples.get(bits);
  if (!sample) {
    sample = distinctPairs(bits, SAMPLE_SIZE);
    samples.set(bits, sample);
  }
  return sample;
}

/** The first `count` distinct pairs xoshiro128** draws from SAMPLE_SEED for a bit width (which must have more pairs than that). */
export function distinctPairs(bits: number, count: number): { a: Uint32Array; b: Uint32Array } {
  const rng = new Xoshiro128(SAMPLE_SEED);
  const limit = operandLimit(bits);
  const a = new Uint32Array(count);
  const b = new Uint32Array(count);
  const seen = new Set<string>();
  for (let i = 0; i < count; ) {
    const x = rng.randint(limit);
    const y = rng.randint(limit);
    const key = `${x},${y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    a[i] = x;
    b[i] = y;
    i++;
  }
  return { a, b };
}
