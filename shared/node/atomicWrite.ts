/**
 * Atomic file replacement: the bytes go to a temporary file beside the target,
 * are flushed to disk, and only then renamed over the target. A failure at any
 * step removes the temporary file and leaves the old target as it was. A
 * symbolic link is written through (its target is replaced, the link stays),
 * the replaced file keeps its permissions, and anything that is not a regular
 * file (a device such as /dev/full, a FIFO, a folder) is refused untouched.
 * The temporary file's name holds the writer's process id, so the first write
 * to a target in a process removes what writers killed mid-write (kill -9, a
 * power cut) left beside it. Shared by the main process and the command line
 * (no Electron import).
 */

import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { NotRegularFileError, nonRegularKind } from './regularFile';

/** The file operations an atomic write uses; tests swap one for a failing version. */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode?: number): Promise<{ writeFile(data: Uint8Array | string): Promise<void>; sync(): Promise<void>; close(): Promise<void> }>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  lstat(path: string): Promise<Stats>;
  readlink(path: string): Promise<string>;
  realpath(path: string): Promise<string>;
  chmod(path: string, mode: number): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

export const nodeAtomicWriteFs: AtomicWriteFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  lstat: (path) => fsp.lstat(path),
  readlink: (path) => fsp.readlink(path),
  realpath: (path) => fsp.realpath(path),
  chmod: (path, mode) => fsp.chmod(path, mode),
  readdir: (path) => fsp.readdir(path),
};

/** Links followed before giving up, as the kernel's own limit (ELOOP). */
const MAX_LINKS = 40;

/** The file a write to `path` should replace: `path` itself, or where its chain of symbolic links ends. */
export async function resolveWriteTarget(path: string, fs: AtomicWriteFs = nodeAtomicWriteFs): Promise<{ path: string; existing: Stats | null }> {
  let current = resolve(path);
  for (let links = 0; ; links++) {
    let info: Stats;
    try {
      info = await fs.lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: current, existing: null };
      throw error;
    }
    if (!info.isSymbolicLink()) {
      const kind = nonRegularKind(info);
      if (kind) throw new NotRegularFileError(kind);
      return { path: current, existing: info };
    }
    if (links >= MAX_LINKS) throw Object.assign(new Error(`too many levels of symbolic links at ${path}`), { code: 'ELOOP' });
    // A relative link is relative to the folder it physically sits in (its path may itself pass through links).
    current = resolve(await fs.realpath(dirname(current)), await fs.readlink(current));
  }
}

/** The temporary file's name: hidden, in the target's folder (so rename stays on one file system), unique, with the writer's process id. */
export function temporaryPathFor(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.${pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Targets this process has already cleared of stale temporary files. */
const cleared = new Set<string>();

/** Whether a process with this id runs (a process of another user counts as running). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files beside `target` whose writers no longer run; what cannot be read or removed stays. */
async function removeStaleTemporaries(target: string, fs: AtomicWriteFs): Promise<void> {
  if (cleared.has(target)) return;
  cleared.add(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = await fs.readdir(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length))?.[1];
    if (pid === undefined || Number(pid) === process.pid || isProcessRunning(Number(pid))) continue;
    await fs.unlink(join(dirname(target), name)).catch(() => undefined);
  }
}

/** Replaces the file at `path` (or at the end of its links) with `data`; see the top of this file. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, fs: AtomicWriteFs = nodeAtomicWriteFs): Promise<void> {
  await replaceAtomically(await resolveWriteTarget(path, fs), data, fs);
}

/**
 * Replaces the file at `path` itself with a regular file holding `data`: a
 * symbolic link there is replaced, never followed, so the write stays in
 * `path`'s folder whatever the link points at (a folder the program owns,
 * such as the run library, whose file names another party chooses).
 */
export async function writeOwnFileAtomic(path: string, data: Uint8Array | string, fs: AtomicWriteFs = nodeAtomicWriteFs): Promise<void> {
  const target = resolve(path);
  let existing: Stats | null = null;
  try {
    const info = await fs.lstat(target);
    if (!info.isSymbolicLink()) {
      const kind = nonRegularKind(info);
      if (kind) throw new NotRegularFileError(kind);
      existing = info;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await replaceAtomically({ path: target, existing }, data, fs);
}

/** Writes `data` beside the target and renames it over the target (a link there is itself replaced); see the top of this file. */
async function replaceAtomically({ path: target, existing }: { path: string; existing: Stats | null }, data: Uint8Array | string, fs: AtomicWriteFs): Promise<void> {
  await removeStaleTemporaries(target, fs);
  const temporary = temporaryPathFor(target);
  let created = false;
  try {
    // A new file gets the usual default (0666 less the umask).
    const handle = await fs.open(temporary, 'wx', existing ? existing.mode & 0o777 : 0o666);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed the mode open() was given; the replaced file's is kept exactly.
    if (existing) await fs.chmod(temporary, existing.mode & 0o777);
    await fs.rename(temporary, target);
    created = false;
  } finally {
    if (created) await fs.unlink(temporary).catch(() => undefined);
  }
  await syncFolder(dirname(target));
}

/** Makes the rename itself durable where the platform allows opening a folder (POSIX). */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fsp.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on folders; the data itself is already flushed.
  }
}
