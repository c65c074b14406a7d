/**
 * The built trainer entry (out/main/trainer.js) as a real separate process,
 * driven by the main process's own WindowTrainer and supervision through a
 * harness standing in for Electron's parentPort and MessagePortMain.
 */

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WindowTrainer } from '../../../electron/main/services/windowTrainer';
import { resolveConfig } from '@shared/rnn/config';
import type { FromTrainer } from '@shared/trainer/contract';
import { Inbox, createChannel, delay, ensureTrainerBuilt, forkTrainer, isProgress, stateIs, type ForkedTrainer, type TrainerEndToken, type WindowEnd } from './trainerProcessDriver';

type Progress = Extract<FromTrainer, { type: 'progress' }>;

interface Harness {
  host: WindowTrainer<TrainerEndToken | WindowEnd>;
  forked: ForkedTrainer[];
  crashes: { message: string; connectionIds: string[] }[];
  /** Resolves at the first crash reported. */
  crashed: Promise<void>;
  log: string[];
}

const hosts: Harness[] = [];

function newHost(): Harness {
  let crashed = (): void => {};
  const harness: Harness = { forked: [], crashes: [], crashed: new Promise((resolve) => (crashed = resolve)), log: [], host: null as never };
  harness.host = new WindowTrainer<TrainerEndToken | WindowEnd>({
    serviceNamePrefix: 'rnn-trainer-test',
    fork: () => {
      const forked = forkTrainer();
      harness.forked.push(forked);
      return forked;
    },
    createChannel,
    // Plain Node has no child-process-gone; the process's exit is what supervision learns from here.
    goneEvents: () => () => {},
    log: (line) => harness.log.push(line),
    onCrash: (message, connectionIds) => {
      harness.crashes.push({ message, connectionIds });
      crashed();
    },
    exitGraceMs: 20,
  });
  hosts.push(harness);
  return harness;
}

function connect(harness: Harness, id: string): { end: WindowEnd; inbox: Inbox } {
  const end = harness.host.connect(id) as WindowEnd;
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
    for (const f of forked) f.child.kill('SIGKILL');
  }
});

describe('the built trainer in its own process', () => {
  it('streams batched progress with typed-array losses, pauses, resumes, steps, changes the learning rate and stops', async () => {
    const harness = newHost();
    const { end, inbox } = connect(harness, 'c1');
    expect(harness.forked).toHaveLength(1);
    expect(harness.forked[0]!.child.pid).not.toBe(process.pid);

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
    expect(harness.host.pid).toBe(harness.forked[0]!.child.pid);
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
    expect(harness.crashes[0]!.message).toMatch(/exited unexpectedly \(reason: abnormal-exit, exit code 137\)/);
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
    const child = harness.forked[0]!.child;
    const exited = new Promise((r) => child.once('exit', r));
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
});
