/**
 * The built trainer entry (out/main/trainer.js) as a real Node process shaped
 * as Electron's UtilityProcess, with MessageChannelMain ends: the stand-in
 * Electron's (tests/desktop/electron), so the main process's own WindowTrainer
 * and supervision drive it unchanged.
 */

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FromTrainer } from '@shared/trainer/contract';
import { StandInMessageChannelMain, type StandInMessagePortMain } from '../../desktop/electron/ports';
import { StandInUtilityProcess } from '../../desktop/electron/utility';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const TRAINER_ENTRY = join(ROOT, 'out/main/trainer.js');

export type WindowEnd = StandInMessagePortMain;

/** A new channel: one end for the trainer, one for the window. */
export function createChannel(): { trainerEnd: StandInMessagePortMain; windowEnd: StandInMessagePortMain } {
  const { port1, port2 } = new StandInMessageChannelMain();
  return { trainerEnd: port1, windowEnd: port2 };
}

/** Forks the built trainer as a utility process would be; `gone` hears what Electron's child-process-gone would say. */
export function forkTrainer(serviceName: string, gone: (details: Electron.Details) => void = () => {}, entry = TRAINER_ENTRY): StandInUtilityProcess {
  return new StandInUtilityProcess(entry, [], { serviceName, stdio: 'pipe' }, gone);
}

const BUILT = [TRAINER_ENTRY, join(ROOT, 'out/main/index.js'), join(ROOT, 'out/preload/index.cjs'), join(ROOT, 'out/renderer/index.html')];
const LOCK = join(ROOT, 'out/.electron-test-build.lock');

/** True when the built desktop app (main, trainer, preload, renderer) is missing or older than any source it is built from. */
export function buildIsStale(): boolean {
  if (!BUILT.every((file) => existsSync(file))) return true;
  const built = Math.min(...BUILT.map((file) => statSync(file).mtimeMs));
  const newest = (folder: string): number =>
    readdirSync(folder, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(folder, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  return ['electron', 'shared', 'renderer'].some((folder) => newest(join(ROOT, folder)) > built);
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

  constructor(end: StandInMessagePortMain) {
    end.on('message', ({ data }: { data: FromTrainer }) => {
      const message = data;
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
    end.start();
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
