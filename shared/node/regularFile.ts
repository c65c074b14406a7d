/**
 * Reading a file that must be a plain regular file, capped by the bytes
 * actually read rather than by what stat says: a FIFO would block forever and
 * /dev/zero reports size 0 yet never ends. Shared by the main process and the
 * command line (no Electron import).
 */

import { constants, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';

/** An existing path that is not a regular file (a FIFO, a device, a socket); folders keep their EISDIR. */
export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError';
  readonly code: string;

  constructor(readonly kind: string) {
    super(kind === 'a folder' ? 'it is a folder, not a file' : `it is ${kind}, not a regular file`);
    this.code = kind === 'a folder' ? 'EISDIR' : 'ENOTREG';
  }
}

/** More bytes than allowed; `bytes` is how many are known to be there (at least the cap plus one). */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';

  constructor(readonly bytes: number) {
    super(`the file has at least ${bytes} bytes`);
  }
}

/** What a non-regular file is, for a message; null for a regular file. */
export function nonRegularKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

// O_NONBLOCK lets open() return at once on a FIFO with no writer (Windows has no such flag and no FIFOs to open).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * The bytes of a regular file of at most `maxBytes`. Throws
 * NotRegularFileError for anything else, judged on the opened handle (so the
 * path cannot be swapped between the check and the read), FileTooLargeError
 * past the cap, and Node's own errors (ENOENT, EACCES …) otherwise.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, READ_FLAGS);
  } catch (error) {
    // A socket cannot be opened at all.
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') throw new NotRegularFileError('a socket');
    throw error;
  }
  try {
    const stats = await handle.stat();
    const kind = nonRegularKind(stats);
    if (kind) throw new NotRegularFileError(kind);
    if (stats.size > maxBytes) throw new FileTooLargeError(stats.size);
    // Read one byte past the cap whatever stat said: a file that grows, or one whose size reads 0, is still caught.
    let buffer = new Uint8Array(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw new FileTooLargeError(length);
        const larger = new Uint8Array(Math.min(Math.max(length * 2, 64 * 1024), maxBytes + 1));
        larger.set(buffer);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) return buffer.subarray(0, length);
      length += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
