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
export function trainerThread(onError: (error: Error) => void): TrainerConnection {
  const worker = moduleWorker(ENTRY);
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
