/**
 * Sums longer than trained: evaluation at M bits counts a pair right only
 * when every bit equals the exact (BigInt) sum's, and a reference-preset
 * model trained on 8 bits is tried on 16, 32 and 64.
 */

import { describe, expect, it } from 'vitest';
import {
  TrainingLoop, bigPairSequence, createKernel, createRandom, initWeights, bigSamplePairs, checkTestBits, evaluate, evaluateAtLength, operandLimitAt, predictAtLength, resolveConfig,
} from '@shared/rnn';
import type { TrainConfig, Weights } from '@shared/rnn';
import { pairSequence } from '@shared/rnn/kernel/sequence';
import { loadParams } from '@shared/rnn/parameters';

/** The reference preset trained until it is right on all 16 384 8-bit pairs (checked every 500 iterations). */
function trainedReference(seed: number): { config: TrainConfig; weights: Weights; iterations: number } {
  const config = resolveConfig({ seed });
  const trainer = new TrainingLoop(config);
  const losses = new Float64Array(500);
  while (trainer.iteration < config.iterations) {
    trainer.train(500, losses);
    if (evaluate(trainer.weights(), config).exact === 1) break;
  }
  return { config, weights: trainer.weights(), iterations: trainer.iteration };
}

/** A sum written out by schoolbook addition of decimal digits, with no BigInt. */
function decimalSum(a: string, b: string): string {
  let out = '', carry = 0;
  for (let i = 0; i < Math.max(a.length, b.length) || carry; i++) {
    const d = Number(a[a.length - 1 - i] ?? 0) + Number(b[b.length - 1 - i] ?? 0) + carry;
    out = String(d % 10) + out;
    carry = d >= 10 ? 1 : 0;
  }
  return out;
}

describe('sums longer than trained', () => {
  const model = trainedReference(1);

  it('targets are the exact sum past 2^53, where doubles round', () => {
    const a = 2n ** 62n + 12345n, b = 2n ** 53n + 1n;
    const x = new Uint8Array(64), y = new Uint8Array(64);
    bigPairSequence(a, b, 64, x, y);
    const target = BigInt(`0b${Array.from(y).reverse().join('')}`);
    expect(target.toString()).toBe(decimalSum(a.toString(), b.toString()));
    expect(BigInt(Number(a) + Number(b))).not.toBe(target); // doubles would have rounded it
    expect(x[0]).toBe(3); // bit 0 of both
    expect(x[53]).toBe(1); // bit 53 of b only
    expect(x[62]).toBe(2); // bit 62 of a only
  });

  it.each([64])('counts a %i-bit pair right exactly when its predicted bits spell the BigInt sum', (bits) => {
    const e = evaluateAtLength(model.weights, model.config, bits);
    const { a, b } = bigSamplePairs(bits);
    expect(e.pairs).toBe(10_000);
    let right = 0;
    for (let i = 0; i < a.length; i++) {
      const p = predictAtLength(model.weights, model.config, a[i]!, b[i]!, bits);
      expect(p.expected.toString()).toBe(decimalSum(a[i]!.toString(), b[i]!.toString()));
      expect(BigInt(`0b${p.bits}`)).toBe(p.predicted);
      if (p.bits === p.expected.toString(2).padStart(bits, '0')) right++;
    }
    expect(e.exact).toBe(right / a.length);
  });

  it('agrees with evaluate() at the trained length and with predict at 16 bits', () => {
    expect(evaluateAtLength(model.weights, model.config, 8)).toEqual(evaluate(model.weights, model.config));
    const p = predictAtLength(model.weights, model.config, 30_000n, 2_767n, 16);
    expect(p.expected).toBe(32_767n);
    expect(p.bits).toHaveLength(16);
  });

  it('a reference model trained to 100% on 8 bits, tried on 16, 32 and 64 bits (a finding, printed)', () => {
    const found = [8, 16, 32, 64].map((bits) => ({ bits, exact: evaluateAtLength(model.weights, model.config, bits).exact }));
    console.log(`seed 1, 100% on 8 bits after ${model.iterations} iterations: ${found.map((f) => `${f.bits} bits ${(f.exact * 100).toFixed(2)}%`).join(', ')}`);
    expect(found[0]!.exact).toBe(1);
  });

  it('draws the same 10 000 distinct pairs below 2^(M−1) for M > 32', () => {
    const first = bigSamplePairs(48);
    const keys = new Set(first.a.map((a, i) => `${a},${first.b[i]}`));
    expect(keys.size).toBe(10_000);
    expect([...first.a, ...first.b].every((v) => v >= 0n && v < operandLimitAt(48))).toBe(true);
    expect(first.a.some((v) => v >= 2n ** 46n)).toBe(true);
  });

  it.each([1, 65, 2.5, Number.NaN])('refuses %s bits with the range', (bits) => {
    expect(() => checkTestBits(bits)).toThrow(`Bits must be a whole number from 2 to 64; got ${bits}`);
  });
});

describe('a bit sequence runs through the same arithmetic as a pair', () => {
  it.each(['rnn', 'lstm', 'gru'] as const)('%s: forwardSequence equals forward bit for bit', (cell) => {
    const config = resolveConfig({ cell, bits: 10, hiddenSize: 7, bias: true, activation: 'tanh', seed: 4 });
    const kernel = createKernel(config, false);
    loadParams(kernel.params, initWeights(config, createRandom('xoshiro', 4)));
    kernel.loadWeights();
    const x = new Uint8Array(10), y = new Uint8Array(10);
    for (const [a, b] of [[511, 3], [0, 0], [200, 311]] as const) {
      const loss = kernel.forward(a, b);
      const o = Array.from(kernel.o);
      pairSequence(a, b, 10, x, y);
      expect(kernel.forwardSequence(x, y)).toBe(loss);
      expect(Array.from(kernel.o)).toEqual(o);
    }
  });
});
