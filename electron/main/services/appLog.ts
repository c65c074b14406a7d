/** The app's log: one line per event, stamped, appended to a file in the logs folder and echoed to stdout. */

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export type Log = (line: string) => void;

export function createAppLog(file: string, echo: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Log & { close(): void } {
  let stream: WriteStream | null = null;
  try {
    mkdirSync(dirname(file), { recursive: true });
    stream = createWriteStream(file, { flags: 'a' });
    // A log that cannot be written must never take the app down; stdout still has it.
    stream.on('error', () => {
      stream = null;
    });
  } catch {
    stream = null;
  }
  const log = (line: string) => {
    const stamped = `${new Date().toISOString()} ${line}`;
    stream?.write(`${stamped}\n`);
    echo(stamped);
  };
  return Object.assign(log, { close: () => stream?.end() });
}
