import { expect } from 'vitest';
import { REFERENCE_PRESET, resolveConfig, type TrainConfig } from '@shared/rnn/config';
import { TrainingLoop } from '@shared/rnn/index';
import type { FromTrainer, Port } from '@shared/trainer/contract';
import { TrainerService, type TrainerServiceOptions } from '@shared/trainer/trainerService';
import { immediateScheduler } from '@shared/trainer/scheduler';
import { FakeClock, ManualScheduler, type FakeClockOptions } from './fakeTime';

export { FakeClock, ManualScheduler } from './fakeTime';

export type Message<T extends FromTrainer['type']> = Extract<FromTrainer, { type: T }>;

const live: TrainerService[] = [];
const clocks: FakeClock[] = [];

/** Disposes every service connect() made since the last call, and releases fake clocks; tests run it in afterEach. */
export function disposeAll(): void {
  for (const service of live.splice(0)) service.dispose();
  for (const clock of clocks.splice(0)) clock.release();
}

/**
 * A TrainerService wired to an in-memory Port that records every message with
 * the time it arrived (by `timeOf`). On a ManualScheduler, waitFor runs the
 * scheduler's turns itself until the message is there.
 */
export function connect(options: TrainerServiceOptions = {}, timeOf: () => number = () => performance.now()) {
  const received: FromTrainer[] = [];
  const arrivedAt: number[] = [];
  /** Called after every message, to wake a waitFor. */
  let arrived = (): void => {};
  let deliver: (message: unknown) => void = () => {
    throw new Error('the service did not subscribe to its port');
  };
  const port: Port = {
    post(message) {
      received.push(message);
      arrivedAt.push(timeOf());
      arrived();
    },
    onMessage(handler) {
      deliver = handler;
    },
  };
  const service = new TrainerService(port, { scheduler: immediateScheduler(), ...options });
  live.push(service);
  return {
    service,
    received,
    arrivedAt,
    send(message: unknown): void {
      deliver(message);
    },
    of<T extends FromTrainer['type']>(type: T, from = 0): Message<T>[] {
      return received.slice(from).filter((m): m is Message<T> => m.type === type);
    },
    /** Resolves with the first message from index `from` on that matches (one waitFor at a time). */
    async waitFor<T extends FromTrainer['type']>(type: T, match: (m: Message<T>) => boolean = () => true, from = 0, timeoutMs = 30_000): Promise<Message<T>> {
      const matches = (m: FromTrainer): boolean => m.type === type && match(m as Message<T>);
      const find = () => received.slice(from).find((m): m is Message<T> => matches(m));
      const scheduler = options.scheduler;
      if (scheduler instanceof ManualScheduler) {
        scheduler.runUntil(() => find() !== undefined);
        return find()!;
      }
      const found = find();
      if (found) return found;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          arrived = () => {};
          reject(new Error(`no ${type} message within ${timeoutMs} ms; got ${received.map((m) => m.type).join(', ')}`));
        }, timeoutMs);
        arrived = () => {
          const latest = received.at(-1)!;
          if (received.length - 1 < from || !matches(latest)) return;
          clearTimeout(timer);
          arrived = () => {};
          resolve(latest as Message<T>);
        };
      });
    },
  };
}

/**
 * A TrainerService on a FakeClock and a ManualScheduler: it trains only in the
 * turns the test runs, at the clock's speed, so slices, progress, snapshots and
 * evaluations come at the same iterations on any machine.
 */
export function connectOnClock(options: TrainerServiceOptions & FakeClockOptions = {}) {
  const { msPerIteration, msPerRead, start, ...serviceOptions } = options;
  const clock = new FakeClock({ msPerIteration, msPerRead, start });
  clock.attach();
  clocks.push(clock);
  const scheduler = new ManualScheduler((ms) => clock.advance(ms));
  const connection = connect({ ...serviceOptions, now: clock.now, scheduler }, () => clock.peek());
  return {
    ...connection,
    clock,
    scheduler,
    /** Runs turns until `done` holds. */
    runUntil(done: () => boolean): void {
      scheduler.runUntil(done);
    },
    /** Runs every queued turn and checks that none of them sent anything; returns how many messages had arrived. */
    drainQuietly(): number {
      const count = connection.received.length;
      scheduler.drain();
      expect(connection.received.length).toBe(count);
      return count;
    },
  };
}

export function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return resolveConfig({ ...REFERENCE_PRESET, seed: 7, ...overrides });
}

/** The losses a TrainingLoop produces when run directly, for comparison with the service's. */
export function directLosses(cfg: TrainConfig, n: number): Float64Array {
  const losses = new Float64Array(n);
  const ran = new TrainingLoop(cfg).train(n, losses);
  if (ran !== n) throw new Error(`the direct run stopped after ${ran} iterations`);
  return losses;
}

/** Every loss of the progress messages in order; throws unless each continues where the last ended. */
export function concatenatedLosses(progress: Message<'progress'>[], start = 0): Float64Array {
  const total = progress.reduce((n, m) => n + m.losses.length, 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const m of progress) {
    if (m.firstIteration !== start + at) throw new Error(`progress starting at ${m.firstIteration} follows ${start + at}`);
    if (m.iteration !== m.firstIteration + m.losses.length) throw new Error(`progress iteration ${m.iteration} does not end its losses (${m.firstIteration} + ${m.losses.length})`);
    out.set(m.losses, at);
    at += m.losses.length;
  }
  return out;
}

export function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

export const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
