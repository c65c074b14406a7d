/** TrainingLoop services in worker threads, for the sweep's pool. */

import type { FromTrainer } from '../../shared/trainer/contract';
import type { TrainerConnection } from '../../shared/sweep/runResult';
import { moduleWorker, prepareModuleWorker } from '../threads';

const ENTRY = new URL('./trainerThreadEntry.ts', import.meta.url);

/** Compiles the threads' code now, before a sweep's clock starts. */
export function prepareTrainerThreads(): void {
  prepareModuleWorker(ENTRY);
}

/** A connection to a trainer service in a new worker thread; an error in the thread reaches `onError`. */
export function trainerThread(onError: (error: Error) => void): TrainerConnection & { exited: Promise<void> } {
  const worker = moduleWorker(ENTRY);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let closed = false;
  worker.on('error', (error) => {
    if (!closed) onError(error);
  });
  worker.on('exit', (code) => {
    if (!closed) onError(new Error(`a trainer thread exited unexpectedly (code ${code})`));
  });
  return {
    exited,
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

/**
 * Trainer threads for one sweep pool: the first thread error cancels the pool
 * and is kept, to throw once the pool has settled; `exited` resolves once
 * every thread started has ended (the pool closes them as it settles).
 */
export function trainerThreads(cancel: () => void): { connect: () => TrainerConnection; throwIfFailed(): void; exited(): Promise<void> } {
  let failure: Error | null = null;
  const threads: Promise<void>[] = [];
  return {
    connect: () => {
      const thread = trainerThread((error) => {
        failure ??= error;
        cancel();
      });
      threads.push(thread.exited);
      return thread;
    },
    throwIfFailed() {
      if (failure) throw failure;
    },
    async exited() {
      await Promise.all(threads);
    },
  };
}
