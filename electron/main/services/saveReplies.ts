/**
 * Save requests the main process sends a window's page before closing it,
 * and their replies. A page that never answers (hung, or broken) must not
 * hold its window open for ever: after a time the request counts as not
 * answered, and closing asks the person again.
 */

/** Long enough for a person to choose a file name in the save dialog the page opens; a page that saves to its own file answers within milliseconds. */
export const SAVE_REPLY_TIMEOUT_MS = 60_000;

/** True when the page saved, false when it did not (the person cancelled, the write failed), or no answer in time. */
export type SaveOutcome = boolean | 'no-answer';

export interface Scheduler {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Scheduler = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SaveReplies {
  private nextId = 1;
  private readonly pending = new Map<number, { settle(outcome: SaveOutcome): void }>();

  constructor(
    private readonly timeoutMs = SAVE_REPLY_TIMEOUT_MS,
    private readonly timers: Scheduler = realTimers,
  ) {}

  /** Sends a request (through `send`, with its id) and waits for its reply or the timeout. */
  request(send: (id: number) => void): Promise<SaveOutcome> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => settle('no-answer'), this.timeoutMs);
      const settle = (outcome: SaveOutcome): void => {
        if (!this.pending.delete(id)) return;
        this.timers.clearTimeout(timer);
        resolve(outcome);
      };
      this.pending.set(id, { settle });
      send(id);
    });
  }

  /** The page's reply; one for a request that timed out or was never sent changes nothing. */
  replied(id: number, saved: boolean): void {
    this.pending.get(id)?.settle(saved);
  }

  /** The window is gone: nothing waiting will be saved. */
  abandonAll(): void {
    for (const { settle } of [...this.pending.values()]) settle(false);
  }

  get waiting(): number {
    return this.pending.size;
  }
}
