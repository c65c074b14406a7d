import { afterEach, describe, expect, it } from 'vitest';
import { TrainingLoop } from '@shared/rnn/index';
import { concatenatedLosses, config, connectOnClock, disposeAll, directLosses, sameBits, type Message } from './harness';

afterEach(disposeAll);

describe('TrainerService control', () => {
  it('pauses and resumes without losing or repeating an iteration', async () => {
    const cfg = config({ iterations: 40_000 });
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg });
    await t.waitFor('progress', (p) => p.iteration > 0);
    t.send({ type: 'pause' });
    const pausedAt = t.received.length;
    const paused = t.of('state').at(-1)!;
    expect(paused.state).toBe('paused');
    expect(t.of('snapshot').at(-1)!.iteration).toBe(paused.iteration);
    expect(t.of('progress').at(-1)).toMatchObject({ state: 'paused', iteration: paused.iteration });

    t.scheduler.drain();
    t.clock.advance(1000);
    expect(t.scheduler.pending).toBe(0);
    expect(t.received.length).toBe(pausedAt); // nothing runs while paused
    t.send({ type: 'pause' }); // a second pause only repeats the state
    expect(t.received.at(-1)).toEqual({ type: 'state', state: 'paused', iteration: paused.iteration });

    t.send({ type: 'resume' });
    expect(t.received.at(-1)).toEqual({ type: 'state', state: 'running', iteration: paused.iteration });
    await t.waitFor('finished');
    const losses = concatenatedLosses(t.of('progress'));
    expect(sameBits(losses, directLosses(cfg, 40_000))).toBe(true);
  });

  it('steps n iterations at a time from a paused start, reporting each step', async () => {
    const cfg = config();
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, paused: true });
    expect(t.received.map((m) => m.type)).toEqual(['state', 'snapshot']);
    expect(t.received[0]).toEqual({ type: 'state', state: 'paused', iteration: 0 });
    t.scheduler.drain();
    expect(t.received.length).toBe(2);

    t.send({ type: 'step', n: 5 });
    await t.waitFor('snapshot', (s) => s.iteration === 5);
    t.send({ type: 'step', n: 1 });
    await t.waitFor('snapshot', (s) => s.iteration === 6);
    t.send({ type: 'step', n: 3 });
    const last = await t.waitFor('snapshot', (s) => s.iteration === 9);
    t.scheduler.drain();
    expect(t.of('state').at(-1)).toEqual({ type: 'state', state: 'paused', iteration: 9 });

    const progress = t.of('progress');
    // Every step ends with a report of its iterations.
    const reportedUpTo = progress.map((p) => p.iteration);
    expect(reportedUpTo).toEqual(expect.arrayContaining([5, 6, 9]));
    expect(reportedUpTo.at(-1)).toBe(9);
    expect(sameBits(concatenatedLosses(progress), directLosses(cfg, 9))).toBe(true);
    const direct = new TrainingLoop(cfg);
    direct.train(9, new Float64Array(9));
    expect(last.weights.V!.data).toEqual(direct.weights().V!.data);
  });

  it('pauses a running run to step it', async () => {
    const t = connectOnClock();
    t.send({ type: 'start', config: config({ iterations: 1e9 }) });
    await t.waitFor('progress');
    t.send({ type: 'step', n: 10 });
    const paused = t.of('state').at(-1)!;
    expect(paused.state).toBe('paused');
    await t.waitFor('snapshot', (s) => s.iteration === paused.iteration + 10);
  });

  it('stops for good: the weights are sent and nothing more runs', async () => {
    const t = connectOnClock();
    t.send({ type: 'start', config: config({ iterations: 1e9 }) });
    await t.waitFor('progress');
    t.send({ type: 'stop' });
    const stopped = t.of('state').at(-1)!;
    expect(stopped.state).toBe('stopped');
    expect(t.of('snapshot').at(-1)!.iteration).toBe(stopped.iteration);
    const count = t.drainQuietly();

    t.send({ type: 'resume' });
    t.send({ type: 'step', n: 1 });
    expect(t.received.slice(count)).toEqual([
      { type: 'error', code: 'not-started', message: 'cannot resume: the run is stopped; start a new run' },
      { type: 'error', code: 'not-started', message: 'cannot step: the run is stopped; start a new run' },
    ]);
    t.send({ type: 'snapshot' });
    expect(t.received.at(-1)).toMatchObject({ type: 'snapshot', iteration: stopped.iteration });
  });

  it('changes the learning rate from the next iteration on', async () => {
    const cfg = config();
    const t = connectOnClock();
    t.send({ type: 'start', config: cfg, paused: true });
    t.send({ type: 'step', n: 10 });
    await t.waitFor('snapshot', (s) => s.iteration === 10);
    t.send({ type: 'setLearningRate', learningRate: 2.5 });
    t.send({ type: 'step', n: 10 });
    await t.waitFor('snapshot', (s) => s.iteration === 20);
    const progress = t.of('progress');
    expect(progress.map((p) => p.learningRate)).toEqual([0.1, 2.5]);

    const direct = new TrainingLoop(cfg);
    const losses = new Float64Array(20);
    direct.train(10, losses, 0);
    direct.setLearningRate(2.5);
    direct.train(10, losses, 10);
    expect(sameBits(concatenatedLosses(progress), losses)).toBe(true);
    expect(sameBits(concatenatedLosses(progress), directLosses(cfg, 20))).toBe(false);
  });

  it("echoes the start's run id in every state message of its run, and in no other message", async () => {
    const t = connectOnClock();
    t.send({ type: 'start', config: config({ iterations: 1e9 }), paused: true, runId: 41 });
    t.send({ type: 'resume' });
    await t.waitFor('progress');
    t.send({ type: 'step', n: 2 });
    const halted = t.of('state').at(-1)!;
    await t.waitFor('state', (s) => s.state === 'paused' && s.iteration === halted.iteration + 2);
    t.send({ type: 'start', config: config({ iterations: 5 }), runId: 42 });
    await t.waitFor('finished');
    const states = t.of('state');
    const second = states.findIndex((s) => s.runId === 42);
    expect(states.slice(0, second).every((s) => s.runId === 41)).toBe(true);
    expect(states.slice(second).every((s) => s.runId === 42)).toBe(true);
    expect(states.map((s) => s.state)).toEqual(['paused', 'running', 'paused', 'paused', 'running', 'finished']);
    expect(t.received.filter((m) => m.type !== 'state').every((m) => !('runId' in m))).toBe(true);

    const plain = connectOnClock();
    plain.send({ type: 'start', config: config(), paused: true });
    expect(plain.of('state')).toEqual([{ type: 'state', state: 'paused', iteration: 0 }]);
  });

  it('starts again from scratch when a new start arrives mid-run', async () => {
    const t = connectOnClock();
    t.send({ type: 'start', config: config({ iterations: 1e9 }) });
    await t.waitFor('progress');
    const from = t.received.length;
    const cfg = config({ iterations: 300, seed: 99 });
    t.send({ type: 'start', config: cfg });
    await t.waitFor('finished', () => true, from);
    const progress = t.of('progress', from);
    expect(sameBits(concatenatedLosses(progress), directLosses(cfg, 300))).toBe(true);
  });

  it('runs queued starts one after another once the current run ends, each as it would run alone', async () => {
    const t = connectOnClock();
    const first = config({ iterations: 700, seed: 3 });
    const second = config({ iterations: 20_000, seed: 4, untilAccuracy: 0.5, evalEvery: 100 });
    const third = config({ iterations: 300, seed: 5 });
    t.send({ type: 'start', config: first, runId: 1 });
    t.send({ type: 'start', config: second, runId: 2, queued: true });
    t.send({ type: 'start', config: third, runId: 3, queued: true });
    t.runUntil(() => t.of('finished').length === 3);
    // Each run's messages end with its finish before the next run's first state.
    const ends = t.received.flatMap((m, i) => (m.type === 'finished' ? [i] : []));
    const starts = t.received.flatMap((m, i) => (m.type === 'state' && m.state === 'running' ? [i] : []));
    expect(starts.length).toBe(3);
    expect(starts[1]).toBe(ends[0]! + 1);
    expect(starts[2]).toBe(ends[1]! + 1);
    expect(t.of('state').filter((s) => s.state === 'finished').map((s) => s.runId)).toEqual([1, 2, 3]);
    // The second run ends by its stop rule, well before its iteration limit.
    const [, stopped] = t.of('finished');
    expect(stopped!.reachedAt).not.toBeNull();
    expect(stopped!.iteration).toBe(stopped!.reachedAt);
    expect(stopped!.iteration).toBeLessThan(20_000);
    expect(t.of('finished').map((f) => f.iteration)).toEqual([700, stopped!.iteration, 300]);
    for (const [k, cfg, n] of [[0, first, 700], [2, third, 300]] as const) {
      const from = k === 0 ? 0 : ends[k - 1]! + 1;
      const progress = t.received.slice(from, ends[k]).filter((m): m is Message<'progress'> => m.type === 'progress');
      expect(sameBits(concatenatedLosses(progress), directLosses(cfg, n))).toBe(true);
    }
  });

  it('starts a queued start at once when nothing is under way, and after a stop; a plain start drops the queue', async () => {
    const t = connectOnClock();
    t.send({ type: 'start', config: config({ iterations: 50, seed: 1 }), queued: true, runId: 1 });
    t.runUntil(() => t.of('finished').length === 1);
    t.send({ type: 'start', config: config({ iterations: 1e9, seed: 2 }), runId: 2 });
    t.send({ type: 'start', config: config({ iterations: 60, seed: 3 }), queued: true, runId: 3 });
    await t.waitFor('progress', () => true, t.received.length);
    t.send({ type: 'stop' });
    t.runUntil(() => t.of('finished').length === 2);
    expect(t.of('finished').map((f) => f.iteration)).toEqual([50, 60]);
    expect(t.of('state').filter((s) => s.state === 'stopped').map((s) => s.runId)).toEqual([2]);

    t.send({ type: 'start', config: config({ iterations: 1e9, seed: 4 }), runId: 4 });
    t.send({ type: 'start', config: config({ iterations: 70, seed: 5 }), queued: true, runId: 5 });
    t.send({ type: 'start', config: config({ iterations: 80, seed: 6 }), runId: 6 });
    t.runUntil(() => t.of('finished').length === 3);
    t.drainQuietly();
    expect(t.of('finished').map((f) => f.iteration)).toEqual([50, 60, 80]);
    expect(t.of('state').some((s) => s.runId === 5)).toBe(false);
  });
});
