/** The web host's trainer: the shared TrainerService in a dedicated worker, yielding through a MessageChannel. */

import { TrainerService } from '@shared/trainer/trainerService';
import { messageChannelScheduler } from '@shared/trainer/scheduler';
import type { FromTrainer, Port } from '@shared/trainer/contract';

interface WorkerScope {
  postMessage(message: FromTrainer, options?: { transfer?: Transferable[] }): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = self as unknown as WorkerScope;

const port: Port = {
  post(message, transfer) {
    scope.postMessage(message, transfer ? { transfer } : undefined);
  },
  onMessage(handler) {
    scope.onmessage = (event) => handler(event.data);
  },
};

// Accuracy a few times a second is plenty for the chart; the rest of the time goes to training.
new TrainerService(port, { scheduler: messageChannelScheduler(), evaluationShare: 0.04 });
