import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '@shared/rnn/index';
import { concatenatedLosses, config, connectOnClock, directLosses, disposeAll, sameBits } from './harness';

afterEach(disposeAll);

describe('TrainerService run', () => {
  it('trains to the end with batched progress covering every iteration once, as a direct TrainingLoop run does', async () => {
    const cfg = config({ iterations: 30_000 });
    const t = connectOnClock();
    const started = t.clock.peek();
    t.send({ type: 'start', config: cfg });
    const finished = await t.waitFor('finished');
    const elapsedMs = t.clock.peek() - started;

    expect(t.received[0]).toEqual({ type: 'state', state: 'running', iteration: 0 });
    expect(t.received[1]).toMatchObject({ type: 'snapshot', iteration: 0 });
    const progress = t.of('progress');
    const losses = concatenatedLosses(progress);
    expect(losses.length).toBe(30_000);
    expect(sameBits(losses, directLosses(cfg, 30_000))).toBe(true);

    // At most one per progress interval of the clock (30 per second), at the end of the first slice
    // (15 ms) past it, plus the final flush: 30 000 iterations at 0.01 ms are 300 ms, so a handful.
    const postedAt = progressTimes(t);
    for (let i = 1; i < postedAt.length - 1; i++) {
      expect(postedAt[i]! - postedAt[i - 1]!).toBeGreaterThanOrEqual(1000 / 30);
      expect(postedAt[i]! - postedAt[i - 1]!).toBeLessThan(1000 / 30 + 15 + 1);
    }
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / (1000 / 30)) + 2);
    expect(progress.length).toBeGreaterThan(elapsedMs / (1000 / 30 + 15 + 1));
    expect(progress.length).toBeLessThan(t.scheduler.turns);
    for (const p of progress.slice(0, -1)) expect(p.state).toBe('running');

    const last = progress.at(-1)!;
    expect(last.state).toBe('finished');
    expect(last.iteration).toBe(30_000);
    expect(last.learningRate).toBe(0.1);
    // The rate is the clock's: 100 iterations a millisecond, reads and evaluations aside.
    expect(last.itersPerSecond).toBeGreaterThan(80_000);
    expect(last.itersPerSecond).toBeLessThanOrEqual(100_000);
    expect(last.elapsedSeconds).toBeGreaterThanOrEqual(0.3);
    expect(last.elapsedSeconds * 1000).toBeLessThanOrEqual(elapsedMs);
    expect(Object.keys(last.gradNorms).sort()).toEqual(['U', 'V', 'W']);
    expect(Object.values(last.gradNorms).every((g) => Number.isFinite(g) && g! >= 0)).toBe(true);

    const snapshot = t.of('snapshot').at(-1)!;
    expect(snapshot.iteration).toBe(30_000);
    const e = evaluate(snapshot.weights, cfg);
    expect(finished).toEqual({ type: 'finished', iteration: 30_000, accuracy: { iteration: 30_000, exact: e.exact, bit: e.bit, pairs: 16_384 }, reachedAt: null });
    expect(last.accuracy).toEqual(finished.accuracy);
    expect(t.of('state').at(-1)).toEqual({ type: 'state', state: 'finished', iteration: 30_000 });
  });

  it('trains one slice of the clock per scheduler turn, then yields', () => {
    const t = connectOnClock({ sliceMs: 15 });
    t.send({ type: 'start', config: config({ iterations: 1e9 }) });
    let before = 0;
    const perTurn: number[] = [];
    for (let turn = 0; turn < 20; turn++) {
      const sliceStart = t.clock.peek();
      expect(t.scheduler.pending).toBe(1);
      t.scheduler.runNext();
      expect(t.clock.peek() - sliceStart).toBeLessThan(15 + 2);
      t.send({ type: 'snapshot' });
      const at = t.received.at(-1) as { iteration: number };
      perTurn.push(at.iteration - before);
      before = at.iteration;
    }
    // Calibrated after the first few chunks: 15 ms at 100 iterations a millisecond.
    for (const n of perTurn.slice(2)) {
      expect(n).toBeGreaterThanOrEqual(1400);
      expect(n).toBeLessThanOrEqual(1500);
    }
  });

  it('snapshots every snapshot interval of the clock while running, and evaluates on the way', async () => {
    // A generous evaluation share so that this short run reaches its first periodic evaluation.
    const t = connectOnClock({ evaluationShare: 0.5 });
    const started = t.clock.peek();
    t.send({ type: 'start', config: config({ iterations: 1e9 }) });
    const measured = await t.waitFor('progress', (p) => p.accuracy !== undefined);
    // measured on the way: within the iterations this message reports
    expect(measured.accuracy).toMatchObject({ pairs: 16_384 });
    expect(measured.accuracy!.iteration).toBeGreaterThan(measured.firstIteration);
    expect(measured.accuracy!.iteration).toBeLessThanOrEqual(measured.iteration);
    t.runUntil(() => t.clock.peek() - started >= 1200);
    t.send({ type: 'stop' });
    const elapsedMs = t.clock.peek() - started;
    const snapshots = t.of('snapshot');
    const takenAt = t.arrivedAt.filter((_, i) => t.received[i]!.type === 'snapshot');
    // One at the start, one on stop, and one every 250 ms in between.
    for (let i = 2; i < takenAt.length - 1; i++) expect(takenAt[i]! - takenAt[i - 1]!).toBeGreaterThanOrEqual(250);
    expect(snapshots.length).toBeGreaterThanOrEqual(1 + Math.floor(elapsedMs / 250 - 1));
    expect(snapshots.length).toBeLessThanOrEqual(2 + Math.ceil(elapsedMs / 250));
  });

  it('evaluates a slow machine only as often as its share of the time allows', async () => {
    // 1 ms an iteration: an 8-bit evaluation is guessed at 38 228 / 24 ≈ 1593 iterations' time, too dear for a curve.
    const t = connectOnClock({ msPerIteration: 1, evaluationShare: 0.5, evaluationIntervalMs: 200 });
    t.send({ type: 'start', config: config({ iterations: 1e9 }) });
    const first = await t.waitFor('progress', (p) => p.accuracy !== undefined);
    // At a share of one half, evaluation waits for as much training time as it is guessed to take.
    expect(first.accuracy!.iteration).toBeGreaterThanOrEqual(1593);
    expect(first.accuracy!.iteration).toBeLessThan(1593 + 100);
  });

  it('continues from given weights, counting iterations on top of iterationsDone', async () => {
    const cfg = config({ iterations: 500 });
    const first = connectOnClock();
    first.send({ type: 'start', config: cfg });
    await first.waitFor('finished');
    const weights = first.of('snapshot').at(-1)!.weights;
    first.service.dispose();

    const t = connectOnClock();
    t.send({ type: 'start', config: { ...cfg, iterations: 700 }, weights, iterationsDone: 500 });
    const finished = await t.waitFor('finished');
    expect(finished.iteration).toBe(1200);
    const losses = concatenatedLosses(t.of('progress'), 500);
    expect(losses.length).toBe(700);
    // The continued run draws the pairs an uninterrupted run would have drawn.
    expect(sameBits(losses, directLosses(cfg, 1200).subarray(500))).toBe(true);
  });

  it('takes a pause between two turns at once, even where an iteration is slow', () => {
    const t = connectOnClock({ msPerIteration: 1 });
    t.send({ type: 'start', config: config({ bits: 32, hiddenSize: 128, iterations: 1e9 }) });
    t.runUntil(() => t.of('progress').length > 0);
    t.send({ type: 'pause' });
    const state = t.of('state').at(-1)!;
    expect(state.state).toBe('paused');
    expect(t.of('snapshot').at(-1)!.iteration).toBe(state.iteration);
    // The turn already queued finds the run paused and trains nothing.
    t.drainQuietly();
  });
});

/** The clock's time at each progress message. */
function progressTimes(t: { received: { type: string }[]; arrivedAt: number[] }): number[] {
  return t.arrivedAt.filter((_, i) => t.received[i]!.type === 'progress');
}
