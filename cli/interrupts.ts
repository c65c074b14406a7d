/**
 * Ctrl-C (SIGINT) and SIGTERM while a command has work to save: the first
 * signal asks the work to stop; later ones are only acknowledged, so that a
 * second Ctrl-C cannot cut the save short. The listeners stay until the
 * process exits, after the save. The exit code tells which signal ended the
 * run, as a shell would: 128 + the signal's number.
 */

import { EXIT_INTERRUPTED, EXIT_TERMINATED, type OutputStream } from './io';

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: EXIT_INTERRUPTED, SIGTERM: EXIT_TERMINATED };

export class Interrupts {
  private received: NodeJS.Signals | null = null;
  private acknowledged = false;

  /** Starts listening; `stop` is called once, on the first signal. */
  constructor(
    private readonly stop: () => void,
    private readonly stderr: OutputStream,
  ) {
    for (const signal of Object.keys(EXIT_CODES)) process.on(signal, (received: NodeJS.Signals) => this.receive(received));
  }

  /** The exit code for the first signal received, or null when none came. */
  get exitCode(): number | null {
    return this.received === null ? null : EXIT_CODES[this.received]!;
  }

  private receive(signal: NodeJS.Signals): void {
    if (this.received === null) {
      this.received = signal;
      this.stop();
      return;
    }
    if (this.acknowledged) return;
    this.acknowledged = true;
    this.stderr.write('Saving the model before stopping; one moment.\n');
  }
}
