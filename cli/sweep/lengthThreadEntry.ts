/** A worker thread that measures weights' exact accuracy on longer sums, for sweep --test-bits. */

import { parentPort } from 'node:worker_threads';
import { measureAccuracyAtLength } from '../../shared/run/library/lengthMetric';
import type { LengthJob, LengthAnswer } from './lengthThreads';

const parent = parentPort;
if (!parent) throw new Error('the length thread entry runs only inside a worker thread');

parent.on('message', ({ id, weights, config, bits }: LengthJob) => {
  let answer: LengthAnswer;
  try {
    answer = { id, exact: measureAccuracyAtLength(weights, config, bits).exact };
  } catch (error) {
    answer = { id, problem: error instanceof Error ? error.message : String(error) };
  }
  parent.postMessage(answer);
});
