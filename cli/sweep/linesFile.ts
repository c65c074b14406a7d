/**
 * A sweep's --out: JSON lines written as they come, each one whole. The file
 * is locked for the sweep's life (a second sweep writing it would interleave
 * its bytes), emptied when opened, and appended to with synchronous writes,
 * so every line is on disk the moment its run is reported. A write that
 * fails part-way (a full disk) is cut back to the last whole line.
 */

import { closeSync, constants, ftruncateSync, openSync, writeSync } from 'node:fs';
import { writeProblem } from '../files';
import { lockOutput, type OutputLock } from '../outputLock';

export class LinesFile {
  private readonly fd: number;
  private readonly lock: OutputLock;
  /** Bytes of whole lines in the file. */
  private length = 0;
  private closed = false;

  /** Locks and empties the file at `path` (an absolute path); throws UsageError when it is held or cannot be written. */
  constructor(private readonly path: string) {
    this.lock = lockOutput(path);
    try {
      this.fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND, 0o666);
    } catch (error) {
      this.lock.release();
      throw writeProblem(path, error);
    }
  }

  /** Appends one line (a newline is added); throws UsageError, leaving only whole lines, when it cannot. */
  write(line: string): void {
    const bytes = Buffer.from(`${line}\n`);
    try {
      // A write may take only part of the bytes (a disk filling up); the next one then says why.
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (error) {
      try {
        ftruncateSync(this.fd, this.length);
      } catch {
        // The part written stays; what could be said is said below.
      }
      throw writeProblem(this.path, error);
    }
    this.length += bytes.length;
  }

  /** Closes the file and releases the lock (once). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } finally {
      this.lock.release();
    }
  }
}
