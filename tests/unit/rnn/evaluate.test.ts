/**
 * The fast evaluation (prefix tree for all pairs, blocked kernels) against the
 * plain forward pass of oracle.ts, pair by pair: the numbers must be identical.
 */

import { describe, expect, it } from 'vitest';
import { SAMPLE_SIZE, TrainingLoop, errorMap, evaluate, predict, resolveConfig, samplePairs } from '@shared/rnn';
import type { TrainConfig } from '@shared/rnn';
import { scoreAllPairs } from '@shared/rnn/allPairs';
import { weightsAsParams } from '@shared/rnn/parameters';
import { allPairs, bit, evaluateOracle, forwardOracle, toPlain } from './oracle';

function trained(overrides: Partial<TrainConfig>, iterations: number) {
  const config = resolveConfig({ seed: 31, ...overrides });
  const trainer = new TrainingLoop(config);
  trainer.train(iterations, new Float64Array(iterations));
  return { config, weights: trainer.weights() };
}

describe('evaluate and errorMap over every pair', () => {
  it.each([
    { overrides: {}, iterations: 3000 },
    { overrides: { activation: 'tanh', bias: true, hiddenSize: 5, learningRate: 0.05 }, iterations: 2000 },
    { overrides: { bits: 9, hiddenSize: 3 }, iterations: 500 },
    { overrides: { bits: 2, hiddenSize: 1 }, iterations: 10 },
  ] as const)('equal the plain forward pass pair by pair ($overrides)', ({ overrides, iterations }) => {
    const { config, weights } = trained(overrides, iterations);
    const expected = evaluateOracle(toPlain(weights, config.hiddenSize), config, allPairs(config.bits));
    const got = evaluate(weights, config);
    expect(got).toEqual({ exact: expected.exact, bit: expected.bit, pairs: 4 ** (config.bits - 1), meanLoss: expected.meanLoss });
    expect(Array.from(errorMap(weights, config)!)).toEqual(expected.map);
  });

  it.each([
    { bias: false, activation: 'sigmoid', hiddenSize: 16 },
    { bias: true, activation: 'tanh', hiddenSize: 9 },
  ] as const)('share prefixes without changing a single bit of any pair\'s loss ($activation, biases $bias)', (overrides) => {
    const { config, weights } = trained({ ...overrides, learningRate: 0.05 }, 1500);
    const plain = toPlain(weights, config.hiddenSize);
    const scores = scoreAllPairs(weightsAsParams(weights), config.hiddenSize, config.bits, config.activation === 'tanh');
    let index = 0;
    for (const [a, b] of allPairs(config.bits)) {
      const trace = forwardOracle(plain, config, a, b);
      const right = trace.o.filter((o, t) => (o > 0.5 ? 1 : 0) === bit(a + b, t)).length;
      if (scores.loss[index] !== trace.loss || scores.rightBits[index] !== right) {
        throw new Error(`pair ${a} + ${b}: loss ${scores.loss[index]} vs ${trace.loss}, right bits ${scores.rightBits[index]} vs ${right}`);
      }
      index++;
    }
    expect(index).toBe(16_384);
  });

  it('shows a trained reference network right on most pairs and an untrained one on few', () => {
    const fresh = trained({}, 0), good = trained({}, 8000);
    expect(evaluate(fresh.weights, fresh.config).exact).toBeLessThan(0.2);
    expect(evaluate(good.weights, good.config).exact).toBeGreaterThan(0.9);
  });
});

describe('evaluate beyond 65 536 pairs', () => {
  it('uses one fixed sample of 10 000 distinct pairs, the same for every run and seed', () => {
    const sample = samplePairs(12);
    expect(sample.a.length).toBe(SAMPLE_SIZE);
    expect(samplePairs(12)).toBe(sample);
    const keys = new Set(Array.from(sample.a, (a, i) => `${a},${sample.b[i]}`));
    expect(keys.size).toBe(SAMPLE_SIZE);
    expect(Math.max(...sample.a, ...sample.b)).toBeLessThan(2 ** 11);
    expect(Math.max(...sample.a)).toBeGreaterThan(2 ** 11 * 0.99); // spread over the range
    const wide = samplePairs(32);
    expect(Math.max(...wide.a, ...wide.b)).toBeLessThan(2 ** 31);
    expect(Math.max(...wide.a)).toBeGreaterThan(2 ** 30);
  });

  it('equals the plain forward pass over that sample, and has no error map', () => {
    const { config, weights } = trained({ bits: 12, hiddenSize: 6, seed: 8 }, 1500);
    const sample = samplePairs(12);
    const pairs = Array.from(sample.a, (a, i) => [a, sample.b[i]!] as [number, number]);
    const expected = evaluateOracle(toPlain(weights, config.hiddenSize), config, pairs);
    expect(evaluate(weights, config)).toEqual({ exact: expected.exact, bit: expected.bit, pairs: SAMPLE_SIZE, meanLoss: expected.meanLoss });
    expect(errorMap(weights, config)).toBeNull();
    const other = trained({ bits: 12, hiddenSize: 6, seed: 9 }, 1500);
    expect(evaluate(other.weights, other.config).pairs).toBe(SAMPLE_SIZE);
  });
});

describe('predict', () => {
  it('returns every output and hidden state of the plain forward pass', () => {
    const { config, weights } = trained({ bias: true }, 6000);
    const trace = forwardOracle(toPlain(weights, config.hiddenSize), config, 3, 74);
    const p = predict(weights, config, 3, 74);
    expect(p.a).toBe(3);
    expect(p.b).toBe(74);
    expect(p.expected).toBe(77);
    expect(p.expectedBits).toBe('01001101');
    expect(p.outputs).toEqual([...trace.o].reverse());
    expect(p.bits).toBe(p.outputs.map((o) => (o > 0.5 ? '1' : '0')).join(''));
    expect(p.predicted).toBe(parseInt(p.bits, 2));
    expect(p.correct).toBe(p.predicted === 77);
    expect(Array.from(p.hidden)).toEqual(trace.h.flat());
    expect(p.hidden.length).toBe(config.bits * config.hiddenSize);
  });

  it('handles 32-bit sums', () => {
    const { config, weights } = trained({ bits: 32, hiddenSize: 4 }, 50);
    const a = 2 ** 31 - 1, b = 2 ** 31 - 2;
    const p = predict(weights, config, a, b);
    expect(p.expected).toBe(2 ** 32 - 3);
    expect(p.expectedBits).toBe('1'.repeat(30) + '01');
    expect(p.outputs).toEqual([...forwardOracle(toPlain(weights, 4), config, a, b).o].reverse());
  });

  it('names a bad operand and the allowed range', () => {
    const { config, weights } = trained({}, 1);
    expect(() => predict(weights, config, 128, 0)).toThrow('a must be an integer from 0 to 127 for 8 bits; got 128');
    expect(() => predict(weights, config, 0, 1.5)).toThrow(/b must be an integer from 0 to 127/);
    expect(() => predict(weights, { ...config, hiddenSize: 3 }, 0, 0)).toThrow(/^weights.U.shape is \[2, \d+\]; hidden size 3 needs \[2, 3\]$/);
  });
});
