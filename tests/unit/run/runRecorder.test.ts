/**
 * The run recorder against the real trainer service: the record a run's
 * messages build must hold what the training did, and a model written from
 * it must be the model a direct training run makes.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { decimateHistory } from '@shared/model-file/history';
import { TrainingLoop } from '@shared/rnn/index';
import { RunRecorder } from '@shared/run/runRecorder';
import { TrainingHistory } from '@shared/run/curves/trainingHistory';
import { config, connect, directLosses, disposeAll } from '../trainer/harness';

afterEach(disposeAll);

/** Runs a start message through a service, every message into a recorder, until the run finishes. */
async function record(recorder: RunRecorder, start: Parameters<RunRecorder['begin']>[0]): Promise<void> {
  recorder.begin(start);
  const t = connect();
  const message: Record<string, unknown> = { type: 'start', config: start.config };
  if (start.weights) message.weights = start.weights;
  if (start.iterationsDone !== undefined) message.iterationsDone = start.iterationsDone;
  let seen = 0;
  t.send(message);
  await t.waitFor('finished');
  for (; seen < t.received.length; seen++) recorder.receive(t.received[seen]!);
}

describe('the run recorder', () => {
  it('records a fresh run: initial and final weights, curve, accuracy and state as the training did', async () => {
    const cfg = config({ iterations: 3000 });
    const recorder = new RunRecorder({ clock: () => 1234 });
    await record(recorder, { config: cfg });
    const r = recorder.record;
    const direct = new TrainingLoop(cfg);
    const initial = direct.weights();
    const losses = new Float64Array(3000);
    direct.train(3000, losses);

    expect(r).toMatchObject({ state: 'finished', iteration: 3000, startIteration: 0, target: 3000, startedAt: 1234, divergence: null });
    expect(Array.from(r.initialWeights!.V!.data)).toEqual(Array.from(initial.V!.data));
    expect(Array.from(r.weights!.V!.data)).toEqual(Array.from(direct.weights().V!.data));
    expect(r.lastLoss).toBe(losses[2999]);
    expect(r.accuracy?.iteration).toBe(3000);
    expect(r.elapsedSeconds).toBeGreaterThan(0);

    const model = recorder.toModel()!;
    expect(model.training).toMatchObject({ iterations: 3000, lastLoss: losses[2999], accuracy: r.accuracy!.exact, seed: cfg.seed });
    expect(Array.from(model.lossHistory.values)).toEqual(Array.from(decimateHistory(losses).values));
  });

  it('continues a model: the same model, its start kept, its curve going on, time added up', async () => {
    const cfg = config({ iterations: 400 });
    const recorder = new RunRecorder();
    await record(recorder, { config: cfg });
    const first = recorder.record;
    const firstSeconds = first.elapsedSeconds;
    await record(recorder, { config: { ...cfg, iterations: 600 }, weights: first.weights!, iterationsDone: 400, elapsedSeconds: firstSeconds });
    const second = recorder.record;
    expect(second.modelId).toBe(first.modelId);
    expect(second.initialWeights).toBe(first.initialWeights);
    expect(second).toMatchObject({ startIteration: 400, iteration: 1000, target: 1000 });
    expect(second.elapsedSeconds).toBeGreaterThan(firstSeconds);
    expect(Array.from(recorder.lossHistory().values)).toEqual(Array.from(directLosses(cfg, 1000)));

    recorder.begin({ config: cfg });
    expect(recorder.record.modelId).not.toBe(first.modelId);
    expect(recorder.record.weights).toBeNull();
    expect(recorder.curves.iterations).toBe(0);
  });

  it('follows learning-rate changes in the configuration and on the curves', () => {
    const recorder = new RunRecorder();
    recorder.begin({ config: config() });
    recorder.setLearningRate(50, 0.5);
    expect(recorder.record.config?.learningRate).toBe(0.5);
    expect(recorder.curves.learningRateMarks().at(-1)).toEqual({ iteration: 50, learningRate: 0.5 });
  });

  it('keeps the charts’ curve within its bound however long the run, over every iteration', () => {
    const history = new TrainingHistory(64);
    const losses = new Float64Array(10_000).map((_, i) => 1 + Math.sin(i / 300));
    for (let first = 0; first < losses.length; first += 100) {
      history.append({ type: 'progress', state: 'running', firstIteration: first, losses: losses.slice(first, first + 100), iteration: first + 100, itersPerSecond: 1, elapsedSeconds: 1, gradNorms: { U: 1 }, learningRate: 0.1 });
      expect(history.lossCount).toBeLessThanOrEqual(64);
    }
    expect(history.iterations).toBe(10_000);
    expect(history.lossExtent()![1]).toBe(10_000);
    expect(history.gradNormCount).toBe(100);
    // The folded curve still follows the sine: low near its minimum, high near its maximum.
    const { raw } = history.lossView(null, null, 1000);
    const near = (x: number) => raw.reduce((a, b) => (Math.abs(b.x - x) < Math.abs(a.x - x) ? b : a)).y;
    expect(near(300 * 1.5 * Math.PI)).toBeLessThan(0.3);
    expect(near(300 * 2.5 * Math.PI)).toBeGreaterThan(1.7);
  });

  it("keeps, for a run nobody charts, the model file's history and the sparse curves without the loss series, or nothing", async () => {
    const cfg = config({ iterations: 2500, untilAccuracy: 0.3, evalEvery: 100 });
    const chart = new RunRecorder({ clock: () => 1 });
    const file = new RunRecorder({ clock: () => 1, curves: 'file' });
    const none = new RunRecorder({ clock: () => 1, curves: 'none' });
    // One run's messages, into all three.
    const t = connect();
    t.send({ type: 'start', config: cfg });
    await t.waitFor('finished');
    for (const r of [chart, file, none]) {
      r.begin({ config: cfg });
      for (const m of t.received) r.receive(m);
    }
    expect(chart.curves.lossCount).toBeGreaterThan(0);
    expect(file.curves.lossCount).toBe(0);
    expect(file.toModel()!.lossHistory).toEqual(chart.toModel()!.lossHistory);
    expect(file.curves.accuracyView(100)).toEqual(chart.curves.accuracyView(100));
    expect(file.curves.gradNormView(100)).toEqual(chart.curves.gradNormView(100));
    expect(none.toModel()!.lossHistory.values.length).toBe(0);
    // Nothing to draw, and a learning-rate change marks nothing on curves it does not keep.
    none.setLearningRate(none.record.iteration, 0.7);
    expect(none.record.config!.learningRate).toBe(0.7);
    expect(none.curves.lossCount).toBe(0);
    expect(none.curves.accuracyView(100).exact).toEqual([]);
    expect(none.curves.learningRateMarks()).toEqual([]);
    for (const r of [file, none]) {
      expect(r.record.iteration).toBe(chart.record.iteration);
      expect(r.record.reachedAt).toBe(chart.record.reachedAt);
      expect(r.toModel()!.weights).toEqual(chart.toModel()!.weights);
    }
  });
});
