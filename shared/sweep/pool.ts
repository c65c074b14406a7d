/**
 * A pool of trainer services running a sweep: each worker holds one
 * connection and trains one run at a time, with its next run queued behind
 * it; runs go out in the grid's order to whichever worker is free. Each run's result depends only on its
 * configuration, so the results are the same for any number of workers; only
 * the order in which they arrive changes. The host supplies the connections
 * (worker threads in the CLI, Web Workers in the browser, utility processes
 * in Electron).
 */

import type { TrainConfig } from '../rnn/config';
import { RunFollower, type SweepRun, type TrainerConnection } from './runResult';

export interface PoolOptions {
  /** The runs, in the order they are handed out. */
  configs: readonly TrainConfig[];
  /** Trainers to run at once; at most one per run. */
  workers: number;
  /** Opens a connection to a fresh trainer service (worker `slot`, from 0); hosts that start workers asynchronously return a promise. */
  connect: (slot: number) => TrainerConnection | Promise<TrainerConnection>;
  /** Called as each run ends, with its index in `configs`. */
  onRun?: (index: number, run: SweepRun) => void;
  /**
   * Keep each run's loss curves (default true): the runs table and model
   * files need them; a sweep that reports only its lines leaves them out and
   * spares the pool's thread the work of every iteration's loss.
   */
  curves?: boolean;
}

export interface PoolOutcome {
  /** Results by index in `configs`; undefined for runs not finished (cancelled). */
  runs: (SweepRun | undefined)[];
  completed: number;
  cancelled: boolean;
  /** Trainers the pool used. */
  workers: number;
}

/** Runs a sweep; `cancel()` ends every trainer and settles with the runs finished so far. */
export class SweepPool {
  private readonly runs: (SweepRun | undefined)[];
  private readonly connections: TrainerConnection[] = [];
  private next = 0;
  private completed = 0;
  private busy = 0;
  private ended = false;
  private settle: ((outcome: PoolOutcome) => void) | null = null;
  private fail: ((error: Error) => void) | null = null;
  readonly workers: number;

  constructor(private readonly options: PoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`a pool needs at least one worker; got ${options.workers}`);
    this.runs = new Array<SweepRun | undefined>(options.configs.length);
    this.workers = Math.max(1, Math.min(options.workers, options.configs.length));
  }

  /** Starts every worker and resolves when all runs have ended or the pool is cancelled. */
  run(): Promise<PoolOutcome> {
    return new Promise<PoolOutcome>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
      if (this.options.configs.length === 0) return this.end(false);
      for (let slot = 0; slot < this.workers; slot++) {
        Promise.resolve()
          .then(() => this.options.connect(slot))
          .then((connection) => this.startWorker(connection), (error: unknown) => this.abort(error));
      }
    });
  }

  /** Stops every trainer; runs under way are dropped, finished ones kept. */
  cancel(): void {
    if (!this.ended) this.end(true);
  }

  private startWorker(connection: TrainerConnection): void {
    this.connections.push(connection);
    // Cancelled while this worker was starting.
    if (this.ended) return void connection.close();
    // The worker's runs in the order it trains them: the one under way, and the one queued behind it.
    const held: { index: number; follower: RunFollower }[] = [];
    const handOut = (): void => {
      if (this.ended || this.next >= this.options.configs.length) return;
      const index = this.next++;
      const follower = new RunFollower(this.options.configs[index]!, this.options.curves !== false);
      const queued = held.length > 0;
      held.push({ index, follower });
      this.busy++;
      connection.post(follower.start(queued));
    };
    // A worker holds its next run while it trains one, so it starts it without a round trip;
    // only while runs remain for every worker, so none waits idle behind another's queue at the end.
    const keepOneQueued = (): void => {
      if (held.length === 1 && this.options.configs.length - this.next >= this.workers) handOut();
    };
    connection.onMessage((message) => {
      const current = held[0];
      if (this.ended || !current) return;
      // The trainer checks each start as it arrives, so a refusal is of the start sent last (the queued one, if any).
      if (message.type === 'error' && (message.code === 'bad-config' || message.code === 'bad-message')) {
        const refused = held.at(-1)!;
        return this.abort(new Error(`run ${refused.index + 1} (seed ${refused.follower.config.seed}): ${message.message}`));
      }
      let result: SweepRun | null;
      try {
        result = current.follower.receive(message);
      } catch (error) {
        return this.abort(new Error(`run ${current.index + 1} (seed ${current.follower.config.seed}): ${error instanceof Error ? error.message : String(error)}`));
      }
      if (!result) return;
      held.shift();
      this.busy--;
      this.runs[current.index] = result;
      this.completed++;
      if (held.length === 0) handOut();
      keepOneQueued();
      try {
        this.options.onRun?.(current.index, result);
      } catch (error) {
        return this.abort(error);
      }
      this.endWhenDone();
    });
    handOut();
    keepOneQueued();
    this.endWhenDone();
  }

  /** Ends the sweep once every run is handed out and none is under way. */
  private endWhenDone(): void {
    if (!this.ended && this.busy === 0 && this.next >= this.options.configs.length) this.end(false);
  }

  private abort(error: unknown): void {
    if (this.ended) return;
    this.closeAll();
    this.fail?.(error instanceof Error ? error : new Error(String(error)));
  }

  private end(cancelled: boolean): void {
    this.closeAll();
    this.settle?.({ runs: this.runs, completed: this.completed, cancelled, workers: this.workers });
  }

  private closeAll(): void {
    this.ended = true;
    for (const connection of this.connections) {
      try {
        connection.close();
      } catch {
        // A trainer that is already gone has nothing left to close.
      }
    }
  }
}
