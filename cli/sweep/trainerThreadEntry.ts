/** A worker thread's trainer service: the same loop as everywhere, behind the thread's message port. */

import { parentPort } from 'node:worker_threads';
import type { Port } from '../../shared/trainer/contract';
import { TrainerService } from '../../shared/trainer/trainerService';
import { immediateScheduler } from '../../shared/trainer/scheduler';

const parent = parentPort;
if (!parent) throw new Error('the trainer thread entry runs only inside a worker thread');

const port: Port = {
  post: (message, transfer) => parent.postMessage(message, transfer ?? []),
  onMessage: (handler) => void parent.on('message', handler),
};
// A sweep reports only each run's final accuracy and weights: the accuracy curve's evaluations and the periodic snapshots would be time lost.
new TrainerService(port, { scheduler: immediateScheduler(), periodicEvaluation: false, snapshotIntervalMs: Infinity });
