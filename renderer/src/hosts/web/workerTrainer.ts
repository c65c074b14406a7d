/** A TrainerConnection to a dedicated Web Worker; a worker that fails is reported as a crash and never posted to again. */

import type { TrainerConnection } from '@shared/api/studioApi';
import type { FromTrainer } from '@shared/trainer/contract';

export function connectWorkerTrainer(): TrainerConnection {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainingLoop' });
  const handlers = new Set<(message: FromTrainer) => void>();
  let alive = true;

  const emit = (message: FromTrainer) => {
    for (const handler of [...handlers]) handler(message);
  };
  const crash = (detail: string) => {
    if (!alive) return;
    alive = false;
    worker.terminate();
    emit({
      type: 'error',
      code: 'crashed',
      message: `The trainer stopped unexpectedly (${detail}). The last weights are kept; press Train to start a new trainer.`,
    });
  };

  worker.onmessage = (event: MessageEvent<FromTrainer>) => {
    if (alive) emit(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    crash(event.message || 'the worker failed to load or threw');
  };
  worker.onmessageerror = () => crash('a message from the trainer could not be read');

  return {
    post(message) {
      if (alive) worker.postMessage(message);
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      alive = false;
      handlers.clear();
      worker.terminate();
    },
  };
}
