/** What a command writes to and the exit codes it returns. */

export const EXIT_OK = 0;
/** An unexpected internal failure. */
export const EXIT_INTERNAL = 1;
/** Bad arguments or an unreadable / invalid / unwritable file. */
export const EXIT_USAGE = 2;
/** Training diverged; the last finite weights were saved. */
export const EXIT_DIVERGED = 3;
/** Interrupted (Ctrl-C, SIGINT); what was trained so far was saved. */
export const EXIT_INTERRUPTED = 130;
/** Terminated (SIGTERM); what was trained so far was saved. */
export const EXIT_TERMINATED = 143;

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CommandIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Prints a command's help and returns the exit code. */
  help(command: string): number;
}
