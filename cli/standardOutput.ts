/**
 * stdout for results. A reader that goes away (`… | head`, EPIPE) ends the
 * output quietly: nothing more is written and the command finishes as it
 * would. Any other failure (`> /dev/full`, ENOSPC) is one line on stderr and
 * exit code 2; files the command saved stay saved.
 */

import { EXIT_USAGE, type OutputStream } from './io';

export class StandardOutput implements OutputStream {
  private closed = false;
  /** A write failed for a reason other than a closed pipe. */
  failed = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly stderr: OutputStream,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }

  private fail(error: NodeJS.ErrnoException): void {
    if (this.closed) return;
    this.closed = true;
    if (error.code === 'EPIPE') return;
    this.failed = true;
    process.exitCode = EXIT_USAGE;
    const reason = error.code === 'ENOSPC' ? 'the disk is full' : error.message;
    this.stderr.write(`rnn-studio: cannot write the results to stdout: ${reason}\n`);
  }
}
