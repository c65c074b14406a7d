/**
 * The stop rule's early-exit check against the full evaluation: over many
 * weight states and targets (the evaluation's own accuracy among them, where
 * the answer flips), the answer must be exactly `evaluate(…).exact >= target`.
 */

import { describe, expect, it } from 'vitest';
import { TrainingLoop, evaluate, resolveConfig } from '@shared/rnn';
import type { TrainConfig, Weights } from '@shared/rnn';
import { AccuracyTarget, pairsNeeded } from '@shared/rnn/accuracyTarget';

/** The weights every `every` iterations of one run, from the untrained ones on. */
function states(overrides: Partial<TrainConfig>, iterations: number, every: number): { config: TrainConfig; weights: Weights[] } {
  const config = resolveConfig({ seed: 1, ...overrides });
  const trainer = new TrainingLoop(config);
  const losses = new Float64Array(every);
  const weights = [trainer.weights()];
  for (let done = 0; done < iterations; done += every) {
    trainer.train(every, losses);
    weights.push(trainer.weights());
  }
  return { config, weights };
}

/** Targets around the state's own accuracy (both sides of the flip) and a spread of fixed ones. */
function targetsFor(exact: number, pairs: number): number[] {
  const around = [exact, exact + 1 / pairs, exact - 1 / pairs, exact + Number.EPSILON, exact * (1 - Number.EPSILON)];
  return [1, 0.999, 0.99, 0.9, 0.75, 0.5, 0.1, 1 / pairs, ...around].filter((t) => t > 0 && t <= 1);
}

function expectSameAnswers(config: TrainConfig, weights: Weights[]): number {
  const checks = new Map<number, AccuracyTarget>();
  let compared = 0;
  let reached = 0;
  for (const w of weights) {
    const e = evaluate(w, config);
    for (const target of targetsFor(e.exact, e.pairs)) {
      let check = checks.get(target);
      if (!check) checks.set(target, (check = new AccuracyTarget(config, target)));
      const answer = check.check(w);
      if (answer.reached !== e.exact >= target) {
        throw new Error(`target ${target}: the check says ${answer.reached}, the evaluation's accuracy is ${e.exact}`);
      }
      if (answer.scored) expect(answer.scored).toEqual({ exact: e.exact, bit: e.bit, pairs: e.pairs });
      compared++;
      if (answer.reached) reached++;
    }
  }
  // Both answers must occur, or the comparison proves little.
  expect(reached).toBeGreaterThan(0);
  expect(reached).toBeLessThan(compared);
  return compared;
}

describe('the stop rule check', () => {
  it.each([1, 2])('answers as the full evaluation over a reference run until every pair is right (seed %i)', (seed) => {
    const { config, weights } = states({ seed }, 9000, 300);
    expect(evaluate(weights.at(-1)!, config).exact).toBe(1);
    expect(expectSameAnswers(config, weights)).toBeGreaterThan(300);
  });

  it.each([
    { activation: 'tanh', bias: true, hiddenSize: 6, learningRate: 0.05 },
    { bits: 3, hiddenSize: 2 },
    { bits: 9, hiddenSize: 8, learningRate: 0.3 },
    // The gated cells score every pair through their own walk, not the vanilla cell's.
    { cell: 'lstm', bits: 5, hiddenSize: 6, learningRate: 0.5 },
    { cell: 'gru', bits: 5, hiddenSize: 6, learningRate: 0.5 },
  ] as const)('answers as the full evaluation for other shapes (%o)', (overrides) => {
    const { config, weights } = states(overrides, 4000, 400);
    expect(expectSameAnswers(config, weights)).toBeGreaterThan(60);
  });

  it('answers as the evaluation of the fixed sample beyond 65 536 pairs', () => {
    const { config, weights } = states({ bits: 10, hiddenSize: 8, learningRate: 0.5 }, 6000, 2000);
    expectSameAnswers(config, weights);
  });

  it('counts the pairs a target needs exactly as the accuracy fraction is computed', () => {
    for (const pairs of [1, 3, 16, 10_000, 16_384, 65_536]) {
      for (const target of [1, 0.999, 0.9, 0.5, 0.3, 0.1, 1e-9, 7 / pairs, 1 / 3]) {
        if (target > 1) continue;
        const needed = pairsNeeded(target, pairs);
        expect(needed / pairs).toBeGreaterThanOrEqual(target);
        expect((needed - 1) / pairs).toBeLessThan(target);
      }
    }
  });

  it('refuses a target outside (0, 1]', () => {
    const config = resolveConfig({ seed: 1 });
    expect(() => new AccuracyTarget(config, 0)).toThrow(/above 0 and at most 1/);
    expect(() => new AccuracyTarget(config, 1.01)).toThrow(/above 0 and at most 1/);
  });
});
