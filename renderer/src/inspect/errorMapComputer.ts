/**
 * Keeps an error map up to date with changing weights without blocking the
 * page, on the queue the inside-training views also use.
 */

import { LatestJobQueue } from '../workers/latestJobQueue';
import { plainWeights } from '../workers/plainWeights';
import type { Weights } from '@shared/rnn/weights';
import { answerErrorMapRequest, type ErrorMapJob, type ErrorMapReply, type MapConfig } from './errorMapWork';

export class ErrorMapComputer {
  private readonly queue: LatestJobQueue<ErrorMapJob, ErrorMapReply>;

  constructor(onResult: (reply: ErrorMapReply) => void, minIntervalMs = 250) {
    this.queue = new LatestJobQueue(
      {
        startWorker: () => new Worker(new URL('./errorMap.worker.ts', import.meta.url), { type: 'module', name: 'error-map' }),
        answer: answerErrorMapRequest,
      },
      (reply) => onResult(reply),
      minIntervalMs,
    );
  }

  /** Asks for the map of these weights; earlier requests not yet started are dropped. */
  request(weights: Weights, config: MapConfig): void {
    const { bits, hiddenSize, activation, bias, cell } = config;
    this.queue.request({ weights: plainWeights(weights), config: { bits, hiddenSize, activation, bias, cell } });
  }

  dispose(): void {
    this.queue.dispose();
  }
}
