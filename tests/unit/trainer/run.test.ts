import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/rnn/index';
import { concatenatedLosses, config, connect, directLosses, disposeAll, sameBits } from './harness';

afterEach(disposeAll);

describe('TrainerService run', () => {
  it('trains to the end with batched progress covering every iteration once, as a direct Trainer run does', async () => {
    const cfg = config({ iterations: 30_000 });
    const t = connect();
    const started = performance.now();
    t.send({ type: 'start', config: cfg });
    const finished = await t.waitFor('finished');
    const elapsedMs = performance.now() - started;

    expect(t.received[0]).toEqual({ type: 'state', state: 'running', iteration: 0 });
    expect(t.received[1]).toMatchObject({ type: 'snapshot', iteration: 0 });
    const progress = t.of('progress');
    const losses = concatenatedLosses(progress);
    expect(losses.length).toBe(30_000);
    expect(sameBits(losses, directLosses(cfg, 30_000))).toBe(true);

    // At most ~30 per second, plus the final flush.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / (1000 / 30)) + 2);
    expect(progress.length).toBeGreaterThan(1);
    for (const p of progress.slice(0, -1)) expect(p.state).toBe('running');

    const last = progress.at(-1)!;
    expect(last.state).toBe('finished');
    expect(last.iteration).toBe(30_000);
    expect(last.learningRate).toBe(0.1);
    expect(last.itersPerSecond).toBeGreaterThan(0);
    expect(last.elapsedSeconds).toBeGreaterThan(0);
    expect(last.elapsedSeconds * 1000).toBeLessThanOrEqual(elapsedMs + 1);
    expect(Object.keys(last.gradNorms).sort()).toEqual(['U', 'V', 'W']);
    expect(Object.values(last.gradNorms).every((g) => Number.isFinite(g) && g! >= 0)).toBe(true);

    const snapshot = t.of('snapshot').at(-1)!;
    expect(snapshot.iteration).toBe(30_000);
    const e = evaluate(snapshot.weights, cfg);
    expect(finished).toEqual({ type: 'finished', iteration: 30_000, accuracy: { iteration: 30_000, exact: e.exact, bit: e.bit, pairs: 16_384 }, reachedAt: null });
    expect(last.accuracy).toEqual(finished.accuracy);
    expect(t.of('state').at(-1)).toEqual({ type: 'state', state: 'finished', iteration: 30_000 });
  });

  it('snapshots a few times a second while running, and evaluates on the way', async () => {
    // A generous evaluation share so that this short run reaches its first periodic evaluation.
    const t = connect({ evaluationShare: 0.5 });
    const started = performance.now();
    t.send({ type: 'start', config: config({ iterations: 1e9 }) });
    const measured = await t.waitFor('progress', (p) => p.accuracy !== undefined);
    // measured on the way: within the iterations this message reports
    expect(measured.accuracy).toMatchObject({ pairs: 16_384 });
    expect(measured.accuracy!.iteration).toBeGreaterThan(measured.firstIteration);
    expect(measured.accuracy!.iteration).toBeLessThanOrEqual(measured.iteration);
    const wait = 1200 - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    t.send({ type: 'stop' });
    const elapsedMs = performance.now() - started;
    const snapshots = t.of('snapshot');
    // One at the start, one on stop, and one every 250 ms in between.
    expect(snapshots.length).toBeGreaterThanOrEqual(4);
    expect(snapshots.length).toBeLessThanOrEqual(2 + Math.ceil(elapsedMs / 250));
  });

  it('continues from given weights, counting iterations on top of iterationsDone', async () => {
    const cfg = config({ iterations: 500 });
    const first = connect();
    first.send({ type: 'start', config: cfg });
    await first.waitFor('finished');
    const weights = first.of('snapshot').at(-1)!.weights;
    first.service.dispose();

    const t = connect();
    t.send({ type: 'start', config: { ...cfg, iterations: 700 }, weights, iterationsDone: 500 });
    const finished = await t.waitFor('finished');
    expect(finished.iteration).toBe(1200);
    const losses = concatenatedLosses(t.of('progress'), 500);
    expect(losses.length).toBe(700);
    // The continued run draws the pairs an uninterrupted run would have drawn.
    expect(sameBits(losses, directLosses(cfg, 1200).subarray(500))).toBe(true);
  });

  it('yields between slices so a pause arrives within a few slices', async () => {
    const t = connect();
    t.send({ type: 'start', config: config({ bits: 32, hiddenSize: 128, iterations: 1e9 }) });
    await t.waitFor('progress');
    const sent = performance.now();
    t.send({ type: 'pause' });
    const i = t.received.findIndex((m) => m.type === 'state' && m.state === 'paused');
    expect(i).toBeGreaterThan(0);
    expect(t.arrivedAt[i]! - sent).toBeLessThan(1000);
  });
});
