/**
 * A lock on a file a command writes line by line for a long time (a sweep's
 * --out): `.NAME.lock` beside it holds the writer's process id. A second
 * writer of the same file is refused instead of interleaving its bytes with
 * the first's; a lock whose process has gone (kill -9, a power cut) is taken
 * over.
 */

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessRunning } from '../shared/node/atomicWrite';
import { UsageError } from './args';

export interface OutputLock {
  /** Removes the lock (once; later calls do nothing). */
  release(): void;
}

/** The lock file of an output path. */
export function lockPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.lock`);
}

/** Takes the lock on `path` (an absolute path), or throws UsageError naming the process that holds it. */
export function lockOutput(path: string, pid = process.pid): OutputLock {
  const lock = lockPathFor(path);
  if (!create(lock, pid)) {
    const holder = holderOf(lock);
    if (holder !== null && holder !== pid && isProcessRunning(holder)) refuse(path, lock, holder);
    // Left by a writer that no longer runs (or unreadable): replaced; if another writer replaces it first, that one has it.
    try {
      unlinkSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (!create(lock, pid)) refuse(path, lock, holderOf(lock));
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      unlinkSync(lock);
    } catch {
      // Already gone; nothing to release.
    }
  };
  // However the command ends short of a kill, the lock goes with it.
  process.on('exit', release);
  return { release };
}

/** Creates the lock file holding `pid`; false when it already exists. */
function create(lock: string, pid: number): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UsageError(`cannot lock ${lock}: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, `${pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function holderOf(lock: string): number | null {
  try {
    const text = readFileSync(lock, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

function refuse(path: string, lock: string, holder: number | null): never {
  const who = holder === null ? 'another process' : `process ${holder}`;
  throw new UsageError(`${path} is being written by another sweep (${who}); choose another --out, or wait for it (if none runs, remove ${lock})`);
}
