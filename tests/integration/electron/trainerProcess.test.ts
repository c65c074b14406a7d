/**
 * The built trainer entry (out/main/trainer.js) as a real separate process,
 * driven by the main process's own WindowTrainer and supervision through the
 * stand-in Electron's utility process and MessagePortMain.
 */

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WindowTrainer } from '../../../electron/main/services/windowTrainer';
import { resolveConfig } from '@shared/rnn/config';
import type { FromTrainer } from '@shared/trainer/contract';
import { EventEmitter } from 'node:events';
import type { StandInUtilityProcess } from '../../desktop/electron/utility';
import { Inbox, createChannel, delay, ensureTrainerBuilt, forkTrainer, isProgress, stateIs, type WindowEnd } from './trainerProcessDriver';

type Progress = Extract<FromTrainer, { type: 'progress' }>;

interface Harness {
  host: WindowTrainer<WindowEnd>;
  forked: StandInUtilityProcess[];
  crashes: { message: string; connectionIds: string[] }[];
  /** Resolves at the first crash reported. */
  crashed: Promise<void>;
  log: string[];
}

const hosts: Harness[] = [];

function newHost(options: { endWhenIdle?: boolean } = {}): Harness {
  let crashed = (): void => {};
  const harness: Harness = { forked: [], crashes: [], crashed: new Promise((resolve) => (crashed = resolve)), log: [], host: null as never };
  // Electron's app-wide child-process-gone, as the stand-in's utility processes report it.
  const gone = new EventEmitter();
  harness.host = new WindowTrainer<WindowEnd>({
    serviceNamePrefix: 'rnn-trainer-test',
    fork: (serviceName) => {
      const forked = forkTrainer(serviceName, (details) => gone.emit('gone', details));
      harness.forked.push(forked);
      return forked;
    },
    createChannel,
    goneEvents: (listener) => {
      gone.on('gone', listener);
      return () => gone.off('gone', listener);
    },
    log: (line) => harness.log.push(line),
    onCrash: (message, connectionIds) => {
      harness.crashes.push({ message, connectionIds });
      crashed();
    },
    exitGraceMs: 20,
    ...options,
  });
  hosts.push(harness);
  return harness;
}

function connect(harness: Harness, id: string): { end: WindowEnd; inbox: Inbox } {
  const end = harness.host.connect(id);
  return { end, inbox: new Inbox(end) };
}

/** Every progress message continues exactly where the previous one ended. */
function expectContiguous(progress: Progress[]): void {
  for (let i = 1; i < progress.length; i++) {
    const before = progress[i - 1]!;
    expect(progress[i]!.firstIteration).toBe(before.firstIteration + before.losses.length);
  }
  for (const p of progress) expect(p.iteration).toBe(p.firstIteration + p.losses.length);
}

const longRun = () => resolveConfig({ seed: 11, iterations: 50_000_000, hiddenSize: 16 });

beforeAll(async () => {
  await ensureTrainerBuilt();
}, 120_000);

afterEach(() => {
  for (const { host, forked } of hosts.splice(0)) {
    host.dispose();
    for (const f of forked) if (f.running) f.crash();
  }
});

describe('the built trainer in its own process', () => {
  it('streams batched progress with typed-array losses, pauses, resumes, steps, changes the learning rate and stops', async () => {
    const harness = newHost();
    const { end, inbox } = connect(harness, 'c1');
    expect(harness.forked).toHaveLength(1);

    end.postMessage({ type: 'start', config: longRun() });
    await inbox.next(stateIs('running'));
    const progressed = await inbox.next((m) => isProgress(m) && m.iteration >= 2000);
    expect(isProgress(progressed) && progressed.losses).toBeInstanceOf(Float64Array);
    const progress = inbox.messages.filter(isProgress);
    // Batched: far fewer messages than iterations.
    expect(progress.length).toBeLessThan(progressed.type === 'progress' ? progressed.iteration / 10 : 0);
    expectContiguous(progress);
    for (const p of progress) for (const loss of p.losses) expect(Number.isFinite(loss)).toBe(true);

    end.postMessage({ type: 'setLearningRate', learningRate: 0.025 });
    const slower = await inbox.next((m) => isProgress(m) && m.learningRate === 0.025);
    expect(slower.type).toBe('progress');

    end.postMessage({ type: 'pause' });
    const paused = await inbox.next(stateIs('paused'));
    await delay(150);
    const afterPause = inbox.messages.slice(inbox.messages.indexOf(paused) + 1);
    expect(afterPause.filter(isProgress)).toEqual([]);

    end.postMessage({ type: 'step', n: 7 });
    const stepped = await inbox.next(stateIs('paused'));
    expect(stepped.iteration).toBe(paused.iteration + 7);

    end.postMessage({ type: 'resume' });
    await inbox.next(stateIs('running'));
    await inbox.next((m) => isProgress(m) && m.iteration > stepped.iteration + 500);

    end.postMessage({ type: 'stop' });
    const stopped = await inbox.next(stateIs('stopped'));
    expectContiguous(inbox.messages.filter(isProgress));
    const lastProgress = inbox.messages.filter(isProgress).at(-1)!;
    expect(lastProgress.iteration).toBe(stopped.iteration);
    expect(harness.crashes).toEqual([]);
  });

  it('reports a bad message as an error instead of dying', async () => {
    const harness = newHost();
    const { end, inbox } = connect(harness, 'c1');
    end.postMessage({ type: 'start', config: { ...longRun(), hiddenSize: -3 } });
    const error = await inbox.next((m) => m.type === 'error');
    expect(error.type === 'error' && error.code).toBe('bad-config');
    expect(harness.host.pid).toBe(harness.forked[0]!.pid);
    expect(harness.host.pid).not.toBe(process.pid);
  });

  it('reports a trainer killed mid-run as a crash with the reason, and the next connection runs in a new process', async () => {
    const harness = newHost();
    const { end, inbox } = connect(harness, 'first');
    end.postMessage({ type: 'start', config: longRun() });
    await inbox.next((m) => isProgress(m) && m.iteration > 500);
    const pid = harness.host.pid!;
    process.kill(pid, 'SIGKILL');

    await harness.crashed;
    expect(harness.crashes).toHaveLength(1);
    expect(harness.crashes[0]!.connectionIds).toEqual(['first']);
    expect(harness.crashes[0]!.message).toMatch(/crashed \(reason: crashed, exit code 137\)/);
    expect(harness.crashes[0]!.message).toMatch(/press Train to continue/);
    expect(harness.host.pid).toBeUndefined();

    const again = connect(harness, 'second');
    expect(harness.forked).toHaveLength(2);
    expect(harness.host.pid).not.toBe(pid);
    again.end.postMessage({ type: 'start', config: resolveConfig({ seed: 3, iterations: 300 }) });
    const finished = await again.inbox.next((m) => m.type === 'finished');
    expect(finished.type === 'finished' && finished.iteration).toBe(300);
    expect(harness.crashes).toHaveLength(1);
  });

  it('kills the process when its window closes, without reporting a crash', async () => {
    const harness = newHost();
    const { end, inbox } = connect(harness, 'c1');
    end.postMessage({ type: 'start', config: longRun() });
    await inbox.next(isProgress);
    const exited = new Promise((r) => harness.forked[0]!.once('exit', r));
    harness.host.dispose();
    await exited;
    await delay(60);
    expect(harness.crashes).toEqual([]);
    expect(() => harness.host.connect('late')).toThrow(/closing/);
  });

  it('serves a reconnecting window on a new port and stops the old port’s run', async () => {
    const harness = newHost();
    const first = connect(harness, 'a');
    first.end.postMessage({ type: 'start', config: longRun() });
    await first.inbox.next(isProgress);
    const second = connect(harness, 'b');
    expect(harness.forked).toHaveLength(1);
    const answered = second.inbox.next(() => true);
    const finished = second.inbox.next((m) => m.type === 'finished');
    second.end.postMessage({ type: 'start', config: resolveConfig({ seed: 5, iterations: 200 }) });
    // The new port is answered after the old run is released, and every port's messages come over one
    // ordered channel (the harness's IPC), so by then all the old run ever posted has arrived.
    await answered;
    const countBefore = first.inbox.messages.length;
    await finished;
    await delay(100); // time for a run that was not stopped to show itself
    expect(first.inbox.messages.length).toBe(countBefore);
  });

  it('ends a process asked to stop in the instant before it spawned, once it has', async () => {
    const harness = newHost();
    connect(harness, 'c1');
    const child = harness.forked[0]!;
    // As Electron's UtilityProcess: no pid yet, so kill() cannot reach it.
    expect(child.pid).toBeUndefined();
    const exited = new Promise((r) => child.once('exit', r));
    harness.host.dispose();
    await exited;
    expect(child.running).toBe(false);
    expect(harness.crashes).toEqual([]);
  });

  it("ends a pool slot's process when its last connection closes, and forks a new one for the next", async () => {
    const harness = newHost({ endWhenIdle: true });
    const { end, inbox } = connect(harness, 'slot-0');
    end.postMessage({ type: 'start', config: resolveConfig({ seed: 5, iterations: 200 }) });
    await inbox.next((m) => m.type === 'finished');
    const first = harness.forked[0]!;
    const exited = new Promise((r) => first.once('exit', r));
    end.close();
    await exited;
    await delay(60);
    expect(harness.crashes).toEqual([]);
    expect(harness.host.pid).toBeUndefined();
    const next = connect(harness, 'slot-0-again');
    expect(harness.forked).toHaveLength(2);
    next.end.postMessage({ type: 'start', config: resolveConfig({ seed: 6, iterations: 100 }) });
    expect((await next.inbox.next((m) => m.type === 'finished')).type).toBe('finished');
  });

  it('keeps a slot whose old connection closed while a new one was on its way', async () => {
    const harness = newHost({ endWhenIdle: true });
    const old = connect(harness, 'old');
    old.end.postMessage({ type: 'start', config: resolveConfig({ seed: 5, iterations: 100 }) });
    await old.inbox.next((m) => m.type === 'finished');
    // The trainer reports idle for one connect while a second is already sent.
    old.end.close();
    const fresh = connect(harness, 'new');
    await delay(200);
    expect(harness.forked).toHaveLength(1);
    expect(harness.forked[0]!.running).toBe(true);
    fresh.end.postMessage({ type: 'start', config: resolveConfig({ seed: 6, iterations: 100 }) });
    expect((await fresh.inbox.next((m) => m.type === 'finished')).type).toBe('finished');
    expect(harness.crashes).toEqual([]);
  });

  it('keeps the window\u2019s own trainer when its connection closes', async () => {
    const harness = newHost();
    const { end, inbox } = connect(harness, 'c1');
    end.postMessage({ type: 'start', config: resolveConfig({ seed: 5, iterations: 100 }) });
    await inbox.next((m) => m.type === 'finished');
    end.close();
    await delay(200);
    expect(harness.forked[0]!.running).toBe(true);
  });
});
