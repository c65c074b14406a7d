/** A run's pace changes when its iterations run, never what they compute; snapshots can follow the iterations. */

import { afterEach, describe, expect, it } from 'vitest';
import { TrainingLoop } from '@shared/rnn/index';
import { createRandom, initWeights, operandLimit } from '@shared/rnn';
import { SnapshotPlan, SnapshotSeries } from '@shared/rnn/inspect';
import { parameterCount } from '@shared/rnn/parameters';
import type { Weights } from '@shared/rnn/weights';
import { concatenatedLosses, config, connectOnClock, disposeAll, directLosses, sameBits } from './harness';

afterEach(disposeAll);

const weightsAfter = (cfg: ReturnType<typeof config>, n: number) => {
  const loop = new TrainingLoop(cfg);
  loop.train(n, new Float64Array(n));
  return loop.weights();
};

describe('the pace of a run', () => {
  it.each([[2], [37], [1000], [null]])('gives the same bits at %s iterations per second', async (pace) => {
    const cfg = config({ iterations: 120 });
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, pace });
    const finished = await t.waitFor('finished');
    expect(finished.iteration).toBe(120);
    expect(sameBits(concatenatedLosses(t.of('progress')), directLosses(cfg, 120))).toBe(true);
    expect(t.of('snapshot').at(-1)!.weights.V!.data).toEqual(weightsAfter(cfg, 120).V!.data);
  });

  it('gives the same bits when the pace changes mid-run', async () => {
    const cfg = config({ iterations: 3000 });
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, pace: 5 });
    await t.waitFor('progress', (p) => p.iteration >= 3);
    t.send({ type: 'setPace', pace: null });
    await t.waitFor('progress', (p) => p.iteration >= 1500);
    t.send({ type: 'setPace', pace: 20 });
    await t.waitFor('progress', (p) => p.iteration >= 1510);
    t.send({ type: 'setPace', pace: 100_000 });
    await t.waitFor('finished');
    expect(sameBits(concatenatedLosses(t.of('progress')), directLosses(cfg, 3000))).toBe(true);
    expect(t.of('snapshot').at(-1)!.weights.W!.data).toEqual(weightsAfter(cfg, 3000).W!.data);
  });

  it('trains as many iterations as the pace allows, one every 1/pace seconds', async () => {
    const t = connectOnClock();
    const startedAt = t.clock.peek();
    t.send({ type: 'start', config: config({ iterations: 1e6 }), pace: 4 });
    await t.waitFor('progress', (p) => p.iteration >= 9);
    // The first iteration runs at once, the ninth two seconds later.
    const at = t.arrivedAt[t.received.findIndex((m) => m.type === 'progress' && m.iteration === 9)]! - startedAt;
    expect(at).toBeGreaterThanOrEqual(2000);
    expect(at).toBeLessThan(2050);
    // Its rate and time are those of the paced run, waits included.
    const last = t.of('progress').at(-1)!;
    expect(last.itersPerSecond).toBeGreaterThan(3.5);
    expect(last.itersPerSecond).toBeLessThan(4.5);
    expect(last.elapsedSeconds).toBeGreaterThan(1.9);
  });

  it('reports every iteration of a slow run with the pair it trained on', async () => {
    const cfg = config({ iterations: 6, bits: 6 });
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, pace: 3 });
    await t.waitFor('finished');
    const progress = t.of('progress').filter((p) => p.losses.length > 0);
    expect(progress.map((p) => p.losses.length)).toEqual([1, 1, 1, 1, 1, 1]);
    // The generator draws the initial weights first, then two operands per iteration.
    const rng = createRandom(cfg.rng, cfg.seed);
    initWeights(cfg, rng);
    const limit = operandLimit(cfg.bits);
    const drawn = Array.from({ length: 6 }, () => {
      const a = rng.randint(limit);
      return { a, b: rng.randint(limit) };
    });
    expect(progress.map((p) => p.sample)).toEqual(drawn);
    // Each iteration's weights follow it.
    for (const p of progress) expect(t.of('snapshot').some((s) => s.iteration === p.iteration)).toBe(true);

  });

  it('runs a step at full speed however slow the pace', async () => {
    const cfg = config();
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, paused: true, pace: 1 });
    const startedAt = t.clock.peek();
    t.send({ type: 'step', n: 50 });
    await t.waitFor('state', (s) => s.state === 'paused' && s.iteration === 50);
    expect(t.clock.peek() - startedAt).toBeLessThan(100);
  });

  it('wakes a run waiting for its next iteration when the pace goes up', async () => {
    const t = connectOnClock();
    t.send({ type: 'start', config: config({ iterations: 1e6 }), pace: 0.1 });
    await t.waitFor('progress', (p) => p.iteration === 1);
    const before = t.clock.peek();
    t.send({ type: 'setPace', pace: null });
    await t.waitFor('progress', (p) => p.iteration > 1000);
    // Without the wake, the next iteration would have waited ten seconds.
    expect(t.clock.peek() - before).toBeLessThan(5000);
  });
});

describe('snapshots by iteration', () => {
  it("follows the studio's plan: 200 snapshots of a 20 000-iteration run, each at its iteration's weights", async () => {
    const cfg = config({ iterations: 20_000 });
    const t = connectOnClock({ snapshotIntervalMs: Infinity });
    const series = new SnapshotSeries<Weights>();
    const plan = series.planFor(20_000);
    t.send({ type: 'start', config: cfg, snapshots: plan.start });
    await t.waitFor('finished');
    // Snapshot messages at the start and the end; the planned ones in between ride on progress.
    expect(t.of('snapshot').map((s) => s.iteration)).toEqual([0, 20_000]);
    const P = parameterCount(cfg);
    const planned = t.of('progress').flatMap((p) => (p.snapshots ? p.snapshots.iterations.map((iteration, k) => ({ iteration, params: p.snapshots!.params.subarray(k * P, (k + 1) * P) })) : []));
    const follower = new SnapshotPlan(plan.start, 20_000);
    expect(planned.map((s) => s.iteration)).toEqual(Array.from({ length: 20_000 }, (_, i) => i).filter((i) => i > 0 && follower.due(i)));
    const at = planned.find((s) => s.iteration === 101 * 190)!;
    const expected = weightsAfter(cfg, 101 * 190);
    expect(Array.from(at.params.subarray(0, 32))).toEqual(Array.from(expected.U!.data));
    expect(Array.from(at.params.subarray(32, 32 + 256))).toEqual(Array.from(expected.V!.data));
    // The series that planned them keeps 200.
    series.add(0, t.of('snapshot')[0]!.weights);
    for (const s of planned) series.add(s.iteration, t.of('snapshot')[0]!.weights);
    series.add(20_000, t.of('snapshot')[1]!.weights);
    expect(series.size).toBe(200);
    expect(sameBits(concatenatedLosses(t.of('progress')), directLosses(cfg, 20_000))).toBe(true);
  });

  it('sends the planned snapshots before a snapshot message of a later iteration', async () => {
    const t = connectOnClock({ snapshotIntervalMs: 5 });
    t.send({ type: 'start', config: config({ iterations: 50_000 }), snapshots: { first: 0, stride: 1, limit: 200 } });
    await t.waitFor('finished');
    let latest = -1;
    const order: string[] = [];
    for (const m of t.received) {
      const its = m.type === 'snapshot' ? [m.iteration] : m.type === 'progress' ? (m.snapshots?.iterations ?? []) : [];
      for (const i of its) {
        if (i < latest) order.push(`${i} after ${latest}`);
        latest = Math.max(latest, i);
      }
    }
    expect(order).toEqual([]);
  });
});
