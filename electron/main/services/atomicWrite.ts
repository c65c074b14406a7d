/**
 * Atomic file replacement: the bytes go to a temporary file beside the target,
 * are flushed to disk, and only then renamed over the target. A failure at any
 * step removes the temporary file and leaves the old target as it was.
 */

import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file operations an atomic write uses; tests swap one for a failing version. */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode?: number): Promise<{ writeFile(data: Uint8Array | string): Promise<void>; sync(): Promise<void>; close(): Promise<void> }>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number }>;
}

export const nodeAtomicWriteFs: AtomicWriteFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  stat: (path) => fsp.stat(path),
};

/** The temporary file's name: hidden, in the target's folder (so rename stays on one file system), unique. */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeFileAtomic(target: string, data: Uint8Array | string, fs: AtomicWriteFs = nodeAtomicWriteFs): Promise<void> {
  // Keep the permissions of a file being replaced; a new file gets the usual default.
  const mode = await fs.stat(target).then(
    (s) => s.mode & 0o777,
    () => 0o666,
  );
  const temporary = temporaryPathFor(target);
  let created = false;
  try {
    const handle = await fs.open(temporary, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
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
