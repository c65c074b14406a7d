/**
 * Stop at an accuracy: the service stops at the first multiple of evalEvery
 * at which every evaluated pair (or the target's share) is right, exactly
 * where a plain reference loop that evaluates all pairs every K iterations
 * stops — the loop a NumPy run of the reference would be.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createRandom, evaluate, initWeights, operandLimit, type TrainConfig, type Weights } from '@shared/rnn';
import { backwardOracle, forwardOracle, toPlain, type PlainWeights } from '../rnn/oracle';
import { concatenatedLosses, config, connect, directLosses, disposeAll, sameBits } from './harness';

afterEach(disposeAll);

function asWeights(w: PlainWeights, H: number): Weights {
  return {
    U: { shape: [2, H], data: Float64Array.from(w.U.flat()) },
    V: { shape: [H, H], data: Float64Array.from(w.V.flat()) },
    W: { shape: [H, 1], data: Float64Array.from(w.W.flat()) },
  };
}

/**
 * ALGORITHM.md's loop written plainly: draw a and b, forward, BPTT, SGD, and
 * every K iterations score all pairs; the first K-multiple at or above the
 * target is reachedAt. (Reference preset only: no biases, one sample, SGD.)
 */
function referenceReachedAt(cfg: TrainConfig): number | null {
  const rng = createRandom(cfg.rng, cfg.seed);
  const w = toPlain(initWeights(cfg, rng), cfg.hiddenSize);
  const limit = operandLimit(cfg.bits);
  for (let i = 1; i <= cfg.iterations; i++) {
    const a = rng.randint(limit), b = rng.randint(limit);
    const g = backwardOracle(w, cfg, forwardOracle(w, cfg, a, b));
    for (const name of ['U', 'V', 'W'] as const) {
      w[name].forEach((row, r) => row.forEach((_, c) => (row[c]! -= cfg.learningRate * g[name][r]![c]!)));
    }
    if (i % cfg.evalEvery === 0 && evaluate(asWeights(w, cfg.hiddenSize), cfg).exact >= cfg.untilAccuracy) return i;
  }
  return null;
}

async function serviceRun(cfg: TrainConfig) {
  const t = connect();
  t.send({ type: 'start', config: cfg });
  const finished = await t.waitFor('finished');
  return { t, finished };
}

describe('stop at an accuracy', () => {
  it.each([1, 4, 9])('stops where the plain reference loop evaluating every K iterations does (--rng numpy, seed %i)', async (seed) => {
    const cfg = config({ seed, untilAccuracy: 1, evalEvery: 100 });
    const expected = referenceReachedAt(cfg);
    expect(expected).not.toBeNull();
    const { t, finished } = await serviceRun(cfg);
    expect(finished.reachedAt).toBe(expected);
    expect(finished.iteration).toBe(expected);
    expect(finished.accuracy).toMatchObject({ iteration: expected, exact: 1 });
    expect(t.of('state').at(-1)).toEqual({ type: 'state', state: 'finished', iteration: expected });
    // The run trained exactly the iterations an uninterrupted run does up to there.
    expect(sameBits(concatenatedLosses(t.of('progress')), directLosses(cfg, expected!))).toBe(true);
  });

  it('stops at the first K-multiple whose accuracy reaches a partial target, with an odd K', async () => {
    const cfg = config({ seed: 2, untilAccuracy: 0.6, evalEvery: 37, learningRate: 0.3 });
    const expected = referenceReachedAt(cfg);
    expect(expected).not.toBeNull();
    expect(expected! % 37).toBe(0);
    const { finished } = await serviceRun(cfg);
    expect(finished.reachedAt).toBe(expected);
    expect(finished.accuracy.exact).toBeGreaterThanOrEqual(0.6);
  });

  it('runs every iteration and reports null when the target is never reached', async () => {
    const cfg = config({ seed: 3, untilAccuracy: 1, evalEvery: 50, iterations: 1234 });
    const { finished } = await serviceRun(cfg);
    expect(finished.reachedAt).toBeNull();
    expect(finished.iteration).toBe(1234);
    expect(finished.accuracy.exact).toBeLessThan(1);
  });

  it('reports null without a target', async () => {
    const { finished } = await serviceRun(config({ seed: 3, iterations: 500 }));
    expect(finished).toMatchObject({ iteration: 500, reachedAt: null });
  });

  it('counts multiples of K over the model\'s whole life when continuing from saved weights', async () => {
    const cfg = config({ seed: 1, untilAccuracy: 1, evalEvery: 100 });
    const expected = referenceReachedAt(cfg)!;
    const first = connect();
    first.send({ type: 'start', config: { ...cfg, untilAccuracy: 0, iterations: 1050 } });
    await first.waitFor('finished');
    const weights = first.of('snapshot').at(-1)!.weights;
    const t = connect();
    t.send({ type: 'start', config: cfg, weights, iterationsDone: 1050 });
    const finished = await t.waitFor('finished');
    expect(finished.reachedAt).toBe(expected);
  });

  it('evaluates only at the finish, and at checks that score every pair, when a start turns the accuracy curve off', async () => {
    const curve = connect();
    curve.send({ type: 'start', config: config({ seed: 3, iterations: 5000 }) });
    await curve.waitFor('finished');
    const without = connect();
    without.send({ type: 'start', config: config({ seed: 3, iterations: 5000 }), accuracyCurve: false });
    const finished = await without.waitFor('finished');
    const measured = (t: ReturnType<typeof connect>) => t.of('progress').flatMap((m) => [...(m.earlierAccuracy ?? []), ...(m.accuracy ? [m.accuracy] : [])]);
    expect(measured(curve).length).toBeGreaterThan(5);
    expect(measured(without)).toEqual([finished.accuracy]);
    expect(finished.accuracy).toEqual((await curve.waitFor('finished')).accuracy);

    const bad = connect();
    bad.send({ type: 'start', config: config(), accuracyCurve: 'no' });
    expect((await bad.waitFor('error')).message).toBe('start.accuracyCurve must be true or false; got "no"');
  });
});
