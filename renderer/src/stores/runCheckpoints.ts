/**
 * Keeps the checkpoint of the run in progress with the host, so a crash, a
 * killed trainer or a closed window loses at most the last moments: while
 * training, the trainer is asked for its full state every
 * CHECKPOINT_INTERVAL_MS and the run record, written out as a model with that
 * state, replaces the host's checkpoint. A run that finishes, is saved or is
 * replaced takes its checkpoint away.
 */

import type { CheckpointStore } from '@shared/api/studioApi';
import type { Model } from '@shared/model-file/model';

/** At most this long between checkpoints while training (the issue asks for at most 2 s). */
export const CHECKPOINT_INTERVAL_MS = 1500;

export interface RunCheckpointsOptions {
  /** Asks the trainer for a checkpoint message; received() follows when it arrives. */
  request(): void;
  /** The run as a model with its full state; null before there are weights. */
  model(): Model | null;
  store(): CheckpointStore;
  /** A checkpoint could not be kept (said once per run). */
  failed(message: string): void;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (timer: unknown) => void;
}

export class RunCheckpoints {
  private timer: unknown = null;
  /** A checkpoint asked for and not yet arrived. */
  private awaiting = false;
  /** Store operations, one after another, so a removal is never overtaken by an earlier save. */
  private queue: Promise<void> = Promise.resolve();
  private saving = false;
  private warned = false;
  private arrivals: (() => void)[] = [];

  constructor(private readonly options: RunCheckpointsOptions) {}

  /** The run trains: checkpoint it from now on. */
  running(): void {
    if (this.timer !== null) return;
    this.warned = false;
    const every = this.options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
    this.timer = every(() => this.ask(), CHECKPOINT_INTERVAL_MS);
  }

  /** The run holds still (paused or stopped): one last checkpoint of where it is, then none until it runs again. */
  halted(): void {
    this.stopTimer();
    this.ask();
  }

  /** A checkpoint message arrived: the record now holds the state, so the model goes to the host. */
  received(): void {
    // Only a checkpoint of a run holding still (asked by halted) is the one next() waits for.
    if (this.timer === null) for (const arrived of this.arrivals.splice(0)) arrived();
    if (!this.awaiting) return;
    this.awaiting = false;
    if (this.saving) return; // the one being written is a moment older; the next tick brings a fresher one
    const model = this.options.model();
    if (!model?.state) return;
    this.saving = true;
    this.enqueue(async () => {
      try {
        await this.options.store().save(model);
      } catch (error) {
        if (!this.warned) this.options.failed(`The run could not be checkpointed, so a crash would lose it: ${error instanceof Error ? error.message : String(error)}`);
        this.warned = true;
      } finally {
        this.saving = false;
      }
    });
  }

  /** The run ended normally, was saved or was replaced: no checkpoint is kept for it. */
  discard(): Promise<void> {
    this.stopTimer();
    this.awaiting = false;
    return this.enqueue(() => this.options.store().clear().catch(() => {}));
  }

  /** Resolves when the next checkpoint message arrives, or after `ms` (a trainer that is gone answers nothing). */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.arrivals.push(resolve);
      setTimeout(resolve, ms);
    });
  }

  private ask(): void {
    this.awaiting = true;
    this.options.request();
  }

  private stopTimer(): void {
    if (this.timer === null) return;
    (this.options.clearInterval ?? ((t) => clearInterval(t as ReturnType<typeof setInterval>)))(this.timer);
    this.timer = null;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work);
    return this.queue;
  }
}
