/**
 * Time for the trainer service that the test owns: a clock that moves only
 * when read or told, and a scheduler whose turns run only when the test says.
 * With them a run takes the same slices, progress messages, snapshots and
 * evaluations on every machine, however loaded.
 */

import { vi } from 'vitest';
import { TrainingLoop } from '@shared/rnn/index';
import type { Scheduler } from '@shared/trainer/scheduler';

export interface FakeClockOptions {
  /** What one iteration trained costs on the clock: the speed of the machine it stands for. */
  msPerIteration?: number;
  /** What every read of the clock costs, so that work with no training in it (an evaluation) takes time too. */
  msPerRead?: number;
  start?: number;
}

/**
 * A machine of fixed speed: the clock moves by msPerIteration for every
 * iteration any TrainingLoop trains while it is attached, by msPerRead on every
 * read, and by whatever the test advances between turns. The service
 * calibrates its chunk from the clock, so on the default 0.01 ms per
 * iteration it settles on chunks of about 100 and slices of about
 * sliceMs / 0.01 iterations, as on a real machine of 100 000 iterations/s.
 */
let attached: FakeClock | null = null;

export class FakeClock {
  readonly msPerIteration: number;
  readonly msPerRead: number;
  private time: number;
  private detach: (() => void) | null = null;

  constructor(options: FakeClockOptions = {}) {
    this.msPerIteration = options.msPerIteration ?? 0.01;
    this.msPerRead = options.msPerRead ?? 0.001;
    this.time = options.start ?? 1000;
  }

  /** The time, then the cost of one read. */
  readonly now = (): number => {
    const t = this.time;
    this.time += this.msPerRead;
    return t;
  };

  /** The time without advancing it. */
  peek(): number {
    return this.time;
  }

  /** Time passing between turns (the host doing other work). */
  advance(ms: number): void {
    this.time += ms;
  }

  /** Makes training cost time on this clock until released (releasing any other clock attached). */
  attach(): void {
    if (this.detach) return;
    attached?.release();
    attached = this;
    const train = TrainingLoop.prototype.train;
    const clock = this;
    const spy = vi.spyOn(TrainingLoop.prototype, 'train').mockImplementation(function (this: TrainingLoop, ...args: Parameters<TrainingLoop['train']>) {
      const ran = train.apply(this, args);
      clock.advance(ran * clock.msPerIteration);
      return ran;
    });
    this.detach = () => spy.mockRestore();
  }

  /** Training costs no time on this clock any more. */
  release(): void {
    this.detach?.();
    this.detach = null;
    if (attached === this) attached = null;
  }
}

/**
 * A scheduler that queues callbacks until the test runs them, one turn at a
 * time. A callback asked for `later` waits its time on the test's clock: the
 * turn that runs it first lets that time pass (`wait`).
 */
export class ManualScheduler implements Scheduler {
  private readonly queue: (() => void)[] = [];
  /** Turns run so far. */
  turns = 0;
  closed = false;

  constructor(private readonly wait: (ms: number) => void = () => {}) {}

  schedule(callback: () => void): void {
    if (!this.closed) this.queue.push(callback);
  }

  later(ms: number, callback: () => void): () => void {
    const turn = (): void => {
      this.wait(ms);
      callback();
    };
    this.schedule(turn);
    return () => {
      const at = this.queue.indexOf(turn);
      if (at >= 0) this.queue.splice(at, 1);
    };
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  /** Callbacks waiting for their turn. */
  get pending(): number {
    return this.queue.length;
  }

  /** Runs the oldest waiting callback; false when none waits. */
  runNext(): boolean {
    const callback = this.queue.shift();
    if (!callback) return false;
    this.turns++;
    callback();
    return true;
  }

  /** Runs turns until `done` holds; throws when nothing is left to run or after `maxTurns`. */
  runUntil(done: () => boolean, maxTurns = 1_000_000): void {
    for (let n = 0; !done(); n++) {
      if (n >= maxTurns) throw new Error(`not done after ${maxTurns} scheduler turns`);
      if (!this.runNext()) throw new Error('the scheduler ran dry before the condition held');
    }
  }

  /** Runs turns until none is waiting; returns how many ran. */
  drain(maxTurns = 1_000_000): number {
    let n = 0;
    while (this.runNext()) if (++n >= maxTurns) throw new Error(`still scheduling after ${maxTurns} turns`);
    return n;
  }
}
