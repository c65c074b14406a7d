/**
 * The test side of parentPortHarness.mjs: forks the built trainer entry as a
 * real Node process and gives it the shape of Electron's UtilityProcess
 * (SupervisedChild) and of MessageChannelMain, so the main process's own
 * WindowTrainer and supervision drive it unchanged.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SupervisedChild } from '../../../electron/main/services/supervision';
import type { FromTrainer, ToTrainer } from '@shared/trainer/contract';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const TRAINER_ENTRY = join(ROOT, 'out/main/trainer.js');
const HARNESS = join(import.meta.dirname, 'parentPortHarness.mjs');

/** The window's end of a channel whose other end went to a forked trainer. */
export class WindowEnd {
  child: ChildProcess | null = null;
  closed = false;
  private readonly handlers = new Set<(message: FromTrainer) => void>();

  constructor(readonly id: string) {}

  postMessage(message: ToTrainer): void {
    if (!this.child || this.closed) throw new Error(`port ${this.id} is not connected`);
    this.child.send({ kind: 'port', id: this.id, data: message });
  }

  onMessage(handler: (message: FromTrainer) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.child?.connected) this.child.send({ kind: 'port-close', id: this.id });
  }

  receive(message: FromTrainer): void {
    for (const handler of this.handlers) handler(message);
  }
}

/** What is transferred to the trainer: a stand-in for the trainer's MessagePortMain. */
export interface TrainerEndToken {
  id: string;
  windowEnd: WindowEnd;
}

let channels = 0;

export function createChannel(): { trainerEnd: TrainerEndToken; windowEnd: WindowEnd } {
  const windowEnd = new WindowEnd(`port-${++channels}`);
  return { trainerEnd: { id: windowEnd.id, windowEnd }, windowEnd };
}

export interface ForkedTrainer extends SupervisedChild {
  readonly child: ChildProcess;
  readonly parentMessages: unknown[];
}

export function forkTrainer(entry = TRAINER_ENTRY): ForkedTrainer {
  const child = fork(entry, [], { execArgv: ['--import', HARNESS], serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const ends = new Map<string, WindowEnd>();
  const parentMessages: unknown[] = [];
  child.on('message', (raw) => {
    const message = raw as { kind: string; id?: string; data?: unknown };
    if (message.kind === 'port') ends.get(message.id!)?.receive(message.data as FromTrainer);
    else if (message.kind === 'parent') parentMessages.push(message.data);
  });
  return {
    child,
    parentMessages,
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    postMessage(message: unknown, transfer: unknown[] = []) {
      const portIds = (transfer as TrainerEndToken[]).map((token) => {
        token.windowEnd.child = child;
        ends.set(token.id, token.windowEnd);
        return token.id;
      });
      child.send({ kind: 'parent', data: message, portIds });
    },
    kill: () => child.kill(),
    once(_event: 'exit', listener: (code: number) => void) {
      // Electron reports a signal death as an exit code; so does a shell (128 + signal number).
      child.once('exit', (code, signal) => listener(code ?? 128 + (signal ? constants.signals[signal] : 0)));
      return this;
    },
  };
}

const BUILT = [TRAINER_ENTRY, join(ROOT, 'out/preload/index.cjs')];
const LOCK = join(ROOT, 'out/.electron-test-build.lock');

/** True when the built trainer or preload is missing or older than any source it is built from. */
export function buildIsStale(): boolean {
  if (!BUILT.every((file) => existsSync(file))) return true;
  const built = Math.min(...BUILT.map((file) => statSync(file).mtimeMs));
  const newest = (folder: string): number =>
    readdirSync(folder, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(folder, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  return ['electron', 'shared'].some((folder) => newest(join(ROOT, folder)) > built);
}

/**
 * Builds out/ with electron-vite when it is stale. Test files run in parallel,
 * so one builds (holding a lock folder) and the others wait for it.
 */
export async function ensureTrainerBuilt(): Promise<void> {
  if (!buildIsStale()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
  try {
    mkdirSync(LOCK);
  } catch {
    while (existsSync(LOCK)) await delay(100);
    return;
  }
  try {
    const { build } = await import('electron-vite');
    await build({ root: ROOT, configFile: join(ROOT, 'electron.vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Collects a connection's messages and waits for the ones a test expects. */
export class Inbox {
  readonly messages: FromTrainer[] = [];
  private waiters: { test: (m: FromTrainer) => boolean; resolve: (m: FromTrainer) => void }[] = [];

  constructor(end: { onMessage(handler: (message: FromTrainer) => void): unknown }) {
    end.onMessage((message) => {
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** The next message (from now on) that passes test. */
  next<T extends FromTrainer>(test: (m: FromTrainer) => m is T, timeoutMs?: number): Promise<T>;
  next(test: (m: FromTrainer) => boolean, timeoutMs?: number): Promise<FromTrainer>;
  next(test: (m: FromTrainer) => boolean, timeoutMs = 15_000): Promise<FromTrainer> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching trainer message within ${timeoutMs} ms; got ${this.messages.map((m) => m.type).join(', ')}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolvePromise(m);
        },
      });
    });
  }
}

export const isProgress = (m: FromTrainer): m is Extract<FromTrainer, { type: 'progress' }> => m.type === 'progress';
export const stateIs =
  (state: string) =>
  (m: FromTrainer): m is Extract<FromTrainer, { type: 'state' }> =>
    m.type === 'state' && m.state === state;

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
