/** The run record keeps a bounded series of weight snapshots over the model's training. */

import { describe, expect, it } from 'vitest';
import { createRandom, initWeights, resolveConfig, type Weights } from '@shared/rnn';
import { RunRecorder } from '@shared/run/runRecorder';
import { TrainingLoop } from '@shared/rnn/index';
import { connectOnClock, directLosses, disposeAll } from '../trainer/harness';

const config = resolveConfig({ bits: 4, hiddenSize: 3, seed: 1, iterations: 1_000_000 });
const weightsAt = (i: number): Weights => {
  const w = initWeights(config, createRandom('xoshiro', 1));
  w.V!.data[0] = i;
  return w;
};

describe('snapshots in the run record', () => {
  it('keeps the first and the latest of a long run, at most 200, evenly spread', () => {
    const recorder = new RunRecorder();
    recorder.begin({ config });
    for (let i = 0; i <= 100_000; i += 100) recorder.receive({ type: 'snapshot', iteration: i, weights: weightsAt(i) });
    const kept = recorder.record.snapshots.snapshots;
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept[0]!.iteration).toBe(0);
    expect(kept[kept.length - 1]!.iteration).toBe(100_000);
    expect(kept[kept.length - 1]!.value.V!.data[0]).toBe(100_000);
    expect(recorder.record.snapshots.at(50_000)!.value.V!.data[0]).toBe(recorder.record.snapshots.at(50_000)!.iteration);
  });

  it('carries them on when the same weights train further, and starts afresh for a new model', () => {
    const recorder = new RunRecorder();
    recorder.begin({ config });
    recorder.receive({ type: 'snapshot', iteration: 0, weights: weightsAt(0) });
    recorder.receive({ type: 'snapshot', iteration: 500, weights: weightsAt(500) });
    recorder.begin({ config, weights: recorder.record.weights!, iterationsDone: 500 });
    recorder.receive({ type: 'snapshot', iteration: 900, weights: weightsAt(900) });
    expect(recorder.record.snapshots.snapshots.map((s) => s.iteration)).toEqual([0, 500, 900]);

    const opened = weightsAt(7);
    recorder.begin({ config, weights: opened, iterationsDone: 7000 });
    expect(recorder.record.snapshots.snapshots.map((s) => s.iteration)).toEqual([7000]);
    recorder.begin({ config });
    expect(recorder.record.snapshots.size).toBe(0);
  });

  it('bounds the memory for large networks', () => {
    const big = resolveConfig({ hiddenSize: 512, seed: 1 });
    const recorder = new RunRecorder();
    recorder.begin({ config: big });
    expect(recorder.record.snapshots.limit).toBeLessThan(40);
    expect(recorder.record.snapshots.limit).toBeGreaterThanOrEqual(3);
  });

  it("keeps 200 snapshots of the default run, planned by the record and sent by the trainer", async () => {
    const cfg = resolveConfig({ seed: 3 });
    const recorder = new RunRecorder();
    recorder.begin({ config: cfg });
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, snapshots: recorder.record.snapshots.plan!.start });
    await t.waitFor('finished');
    for (const message of t.received) recorder.receive(message);
    const kept = recorder.record.snapshots.snapshots;
    expect(kept.length).toBe(200);
    expect(kept[0]!.iteration).toBe(0);
    expect(kept.at(-1)!.iteration).toBe(20_000);
    // Each planned snapshot holds the weights of its own iteration.
    const loop = new TrainingLoop(cfg);
    const middle = kept[150]!;
    loop.train(middle.iteration, new Float64Array(middle.iteration));
    expect(Array.from(middle.value.W!.data)).toEqual(Array.from(loop.weights().W!.data));
    disposeAll();
  });
});

describe('the mean loss of a run', () => {
  it("is the CLI's meanLoss: the mean of the run's last 1 000 reported losses", async () => {
    const cfg = resolveConfig({ seed: 9, iterations: 3000 });
    const recorder = new RunRecorder();
    recorder.begin({ config: cfg });
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg });
    await t.waitFor('finished');
    for (const message of t.received) recorder.receive(message);
    const losses = directLosses(cfg, 3000).subarray(2000);
    expect(recorder.record.meanLoss).toBeCloseTo(losses.reduce((a, b) => a + b, 0) / 1000, 12);
    expect(recorder.record.meanLoss).not.toBe(recorder.record.lastLoss);
    disposeAll();
  });
});
