/**
 * TrainingLoop services in worker threads, for the sweep's pool. The CLI runs its
 * TypeScript through tsx, whose loader a worker thread does not inherit: each
 * thread first registers tsx's loader and then imports its entry.
 */

import { Worker } from 'node:worker_threads';
import type { FromTrainer } from '../../shared/trainer/contract';
import type { TrainerConnection } from '../../shared/sweep/runResult';

const ENTRY = new URL('./trainerThreadEntry.ts', import.meta.url).href;

/** A worker thread running the TypeScript module at `entry` (a file URL) through tsx. */
export function tsxWorker(entry: string): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

/** A connection to a trainer service in a new worker thread; an error in the thread reaches `onError`. */
export function trainerThread(onError: (error: Error) => void): TrainerConnection {
  const worker = tsxWorker(ENTRY);
  let closed = false;
  worker.on('error', (error) => {
    if (!closed) onError(error);
  });
  worker.on('exit', (code) => {
    if (!closed) onError(new Error(`a trainer thread exited unexpectedly (code ${code})`));
  });
  return {
    post: (message) => worker.postMessage(message),
    onMessage(handler) {
      const listener = (message: FromTrainer): void => handler(message);
      worker.on('message', listener);
      return () => void worker.off('message', listener);
    },
    close() {
      closed = true;
      void worker.terminate();
    },
  };
}

/** Trainer threads for one sweep pool: the first thread error cancels the pool and is kept, to throw once the pool has settled. */
export function trainerThreads(cancel: () => void): { connect: () => TrainerConnection; throwIfFailed(): void } {
  let failure: Error | null = null;
  return {
    connect: () =>
      trainerThread((error) => {
        failure ??= error;
        cancel();
      }),
    throwIfFailed() {
      if (failure) throw failure;
    },
  };
}
