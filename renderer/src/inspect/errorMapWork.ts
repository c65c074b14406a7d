/** The work the error map hands to a worker: the map of every pair for one set of weights. */

import { errorMap } from '@shared/rnn/index';
import type { TrainConfig } from '@shared/rnn/config';
import type { Weights } from '@shared/rnn/weights';
import { problemOf, type JobRequest } from '../workers/latestJobQueue';

export type MapConfig = Pick<TrainConfig, 'bits' | 'hiddenSize' | 'activation' | 'bias' | 'cell'>;

export interface ErrorMapJob {
  weights: Weights;
  config: MapConfig;
}

export type ErrorMapRequest = JobRequest<ErrorMapJob>;

export interface ErrorMapReply {
  id: number;
  map: Uint8Array | null;
  problem: string | null;
  ms: number;
}

/** Answers one request, in the worker or in place. */
export function answerErrorMapRequest({ id, job }: ErrorMapRequest): ErrorMapReply {
  const started = performance.now();
  try {
    return { id, map: errorMap(job.weights, job.config), problem: null, ms: performance.now() - started };
  } catch (error) {
    return { id, map: null, problem: problemOf(error), ms: performance.now() - started };
  }
}
