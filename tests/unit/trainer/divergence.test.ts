import { afterEach, describe, expect, it } from 'vitest';
import { createRandom, initWeights, TrainingLoop } from '@shared/rnn/index';
import { concatenatedLosses, config, connectOnClock, disposeAll } from './harness';

afterEach(disposeAll);

describe('TrainerService divergence', () => {
  it('reports a run that stalls at learning rate 100, then snapshots the kept weights', async () => {
    const cfg = config({ learningRate: 100, seed: 1, iterations: 20_000 });
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg });
    const error = await t.waitFor('error');
    expect(error.code).toBe('diverged');

    const direct = new TrainingLoop(cfg);
    direct.train(20_000, new Float64Array(20_000));
    expect(direct.divergence).not.toBeNull();
    expect(error.message).toBe(direct.divergence!.reason);
    expect(error.iteration).toBe(direct.iteration);

    const i = t.received.indexOf(error);
    expect(t.received[i - 1]).toMatchObject({ type: 'progress', state: 'diverged', iteration: direct.iteration });
    expect(t.received[i + 1]).toMatchObject({ type: 'snapshot', iteration: direct.iteration });
    expect(t.received[i + 2]).toEqual({ type: 'state', state: 'diverged', iteration: direct.iteration });
    expect(t.of('finished')).toHaveLength(0);
    expect(concatenatedLosses(t.of('progress')).length).toBe(direct.iteration);

    t.send({ type: 'resume' });
    expect(t.received.at(-1)).toEqual({ type: 'error', code: 'not-started', message: 'cannot resume: training diverged; start a new run' });
  });

  it('keeps the last finite weights when the gradient turns NaN', async () => {
    const cfg = config({ activation: 'tanh', learningRate: 100, seed: 1 });
    const weights = initWeights(cfg, createRandom('numpy', 1));
    for (const tensor of Object.values(weights)) {
      const data = tensor!.data;
      for (let k = 0; k < data.length; k++) data[k] = data[k]! * 1e154;
    }
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, weights });
    const error = await t.waitFor('error');
    const direct = new TrainingLoop(cfg, { weights });
    direct.train(1000, new Float64Array(1000));
    expect(direct.divergence!.reason).toMatch(/^Training diverged at iteration 33: .*NaN or infinite/);
    expect(error).toEqual({ type: 'error', code: 'diverged', iteration: 32, message: direct.divergence!.reason });
    const snapshot = await t.waitFor('snapshot', (s) => s.iteration === 32);
    for (const tensor of Object.values(snapshot.weights)) expect(tensor!.data.every(Number.isFinite)).toBe(true);
    const progress = t.of('progress');
    expect(concatenatedLosses(progress).every(Number.isFinite)).toBe(true);
    expect(progress.at(-1)!.iteration).toBe(32);
  });
});
