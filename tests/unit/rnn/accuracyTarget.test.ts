/**
 * The stop rule's early-exit check against the full evaluation: over many
 * weight states and targets (the evaluation's own accuracy among them, where
 * the answer flips), the answer must be exactly `evaluate(…).exact >= target`.
 */

import { describe, expect, it } from 'vitest';
import { TrainingLoop, evaluate, resolveConfig } from '@shared/rnn';
import type { TrainConfig, Weights } from '@shared/rnn';
import { AccuracyTarget, pairsNeeded } from '@shared/rnn/accuracyTarget';
import type { FlatParams } from '@shared/rnn/parameters';

interface State {
  weights: Weights;
  /** A copy of the loop's own flat parameters at the same point, as the trainer hands them to checkParams. */
  params: FlatParams;
}

/** The weights every `every` iterations of one run, from the untrained ones on. */
function states(overrides: Partial<TrainConfig>, iterations: number, every: number): { config: TrainConfig; states: State[] } {
  const config = resolveConfig({ seed: 1, ...overrides });
  const trainer = new TrainingLoop(config);
  const losses = new Float64Array(every);
  const at = (): State => {
    const view = trainer.parameterView();
    return { weights: trainer.weights(), params: { ...view, flat: view.flat.slice() } };
  };
  const out = [at()];
  for (let done = 0; done < iterations; done += every) {
    trainer.train(every, losses);
    out.push(at());
  }
  return { config, states: out };
}

/** Targets around the state's own accuracy (both sides of the flip) and a spread of fixed ones. */
function targetsFor(exact: number, pairs: number): number[] {
  const around = [exact, exact + 1 / pairs, exact - 1 / pairs, exact + Number.EPSILON, exact * (1 - Number.EPSILON)];
  return [1, 0.999, 0.99, 0.9, 0.75, 0.5, 0.1, 1 / pairs, ...around].filter((t) => t > 0 && t <= 1);
}

/** Every state checked against each target, through the weights (check) on even states and the loop's parameters (checkParams) on odd ones. */
function expectSameAnswers(config: TrainConfig, states: State[]): number {
  const checks = new Map<number, AccuracyTarget>();
  let compared = 0;
  let reached = 0;
  for (const [i, state] of states.entries()) {
    const e = evaluate(state.weights, config);
    for (const target of targetsFor(e.exact, e.pairs)) {
      let check = checks.get(target);
      if (!check) checks.set(target, (check = new AccuracyTarget(config, target)));
      const answer = i % 2 === 0 ? check.check(state.weights) : check.checkParams(state.params);
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
    const run = states({ seed }, 9000, 300);
    expect(evaluate(run.states.at(-1)!.weights, run.config).exact).toBe(1);
    expect(expectSameAnswers(run.config, run.states)).toBeGreaterThan(300);
  });

  it.each([
    { activation: 'tanh', bias: true, hiddenSize: 6, learningRate: 0.05 },
    { bits: 3, hiddenSize: 2 },
    { bits: 9, hiddenSize: 8, learningRate: 0.3 },
    // The gated cells score every pair through their own walk, not the vanilla cell's.
    { cell: 'lstm', bits: 5, hiddenSize: 6, learningRate: 0.5 },
    { cell: 'gru', bits: 5, hiddenSize: 6, learningRate: 0.5 },
  ] as const)('answers as the full evaluation for other shapes (%o)', (overrides) => {
    const run = states(overrides, 4000, 400);
    expect(expectSameAnswers(run.config, run.states)).toBeGreaterThan(60);
  });

  it('answers as the evaluation of the fixed sample beyond 65 536 pairs', () => {
    const run = states({ bits: 10, hiddenSize: 8, learningRate: 0.5 }, 6000, 2000);
    expectSameAnswers(run.config, run.states);
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

  it('refuses parameters of another shape', () => {
    const config = resolveConfig({ seed: 1 });
    const other = new TrainingLoop(resolveConfig({ seed: 1, hiddenSize: 8 }));
    expect(() => new AccuracyTarget(config, 1).checkParams(other.parameterView())).toThrow(/has 304 parameters; got 88/);
  });

  it('refuses a target outside (0, 1]', () => {
    const config = resolveConfig({ seed: 1 });
    expect(() => new AccuracyTarget(config, 0)).toThrow(/above 0 and at most 1/);
    expect(() => new AccuracyTarget(config, 1.01)).toThrow(/above 0 and at most 1/);
  });
});
