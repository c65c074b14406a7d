import { afterEach, describe, expect, it } from 'vitest';
import { TrainingLoop, cloneTrainerState, resolveConfig } from '@shared/rnn/index';
import { ManualScheduler, concatenatedLosses, connect, disposeAll, sameBits } from './harness';

afterEach(disposeAll);

/*
 * A batch that takes longer than a time slice: the service trains it a few
 * samples per slice, so a checkpoint or a stop between two slices is answered
 * at once, mid-iteration, and continuing from that checkpoint is exact.
 */

// About 50–100 ms an iteration here; the service's slices are 1 ms.
const cfg = resolveConfig({ cell: 'lstm', hiddenSize: 24, bits: 12, batchSize: 1024, optimizer: 'adam', learningRate: 0.01, iterations: 2, seed: 9 });

describe('TrainerService with batches longer than a slice', () => {
  it('answers a checkpoint and a stop between two slices of one iteration, and continues from it exactly', async () => {
    const scheduler = new ManualScheduler();
    const first = connect({ scheduler, sliceMs: 1 });
    first.send({ type: 'start', config: cfg });
    // A few slices: far less than the 1024 samples of the first iteration.
    for (let turn = 0; turn < 3; turn++) scheduler.runNext();
    first.send({ type: 'checkpoint' });
    const checkpoint = await first.waitFor('checkpoint');
    expect(checkpoint.state.iteration).toBe(0);
    const partial = checkpoint.state.partialIteration!;
    expect(partial.batchSize).toBe(1024);
    expect(partial.samples).toBeGreaterThan(0);
    expect(partial.samples).toBeLessThan(1024);
    first.send({ type: 'stop' });
    expect(first.of('state').at(-1)).toMatchObject({ state: 'stopped', iteration: 0 });

    const direct = new TrainingLoop(cfg);
    const losses = new Float64Array(2);
    expect(direct.train(2, losses)).toBe(2);

    const second = connect({ scheduler: new ManualScheduler(), sliceMs: 5 });
    second.send({ type: 'start', config: cfg, state: cloneTrainerState(checkpoint.state) });
    await second.waitFor('finished');
    expect(sameBits(concatenatedLosses(second.of('progress')), losses)).toBe(true);
    second.send({ type: 'checkpoint' });
    const end = (await second.waitFor('checkpoint')).state;
    expect(end.iteration).toBe(2);
    expect(end.partialIteration).toBeUndefined();
    for (const [name, t] of Object.entries(direct.weights())) expect(sameBits(end.weights[name as 'U']!.data, t!.data), name).toBe(true);
    expect(end.optimizer).toEqual(direct.state().optimizer);
    expect(end.rng).toEqual(direct.state().rng);
  });
});
