/**
 * A pool of trainer services running a sweep: each worker holds one
 * connection and trains one run at a time; the next run in the grid's order
 * goes to whichever worker is free. Each run's result depends only on its
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
    let follower: RunFollower | null = null;
    let index = -1;
    const handOut = (): void => {
      if (this.ended || this.next >= this.options.configs.length) return;
      index = this.next++;
      follower = new RunFollower(this.options.configs[index]!);
      this.busy++;
      connection.post(follower.start());
    };
    connection.onMessage((message) => {
      if (this.ended || !follower) return;
      let result: SweepRun | null;
      try {
        result = follower.receive(message);
      } catch (error) {
        return this.abort(new Error(`run ${index + 1} (seed ${follower.config.seed}): ${error instanceof Error ? error.message : String(error)}`));
      }
      if (!result) return;
      const finished = index;
      follower = null;
      this.busy--;
      this.runs[finished] = result;
      this.completed++;
      // The trainer gets its next run before the finished one is reported: it waits for nothing but the message.
      handOut();
      try {
        this.options.onRun?.(finished, result);
      } catch (error) {
        return this.abort(error);
      }
      this.endWhenDone();
    });
    handOut();
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
