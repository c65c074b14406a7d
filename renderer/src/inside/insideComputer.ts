/**
 * Keeps one kind of inside-training result up to date with changing weights
 * without blocking the page, on the queue the error map also uses.
 */

import { toRaw } from 'vue';
import { LatestJobQueue } from '../workers/latestJobQueue';
import { plainWeights } from '../workers/plainWeights';
import { answerInsideRequest, type InsideJob, type InsideReply } from './insideWork';

export class InsideComputer {
  private readonly queue: LatestJobQueue<InsideJob, InsideReply>;

  constructor(onResult: (reply: InsideReply, job: InsideJob) => void, minIntervalMs = 250) {
    this.queue = new LatestJobQueue(
      {
        startWorker: () => new Worker(new URL('./inside.worker.ts', import.meta.url), { type: 'module', name: 'inside-training' }),
        answer: answerInsideRequest,
      },
      onResult,
      minIntervalMs,
    );
  }

  /** Asks for a job's result; an earlier job not yet started is dropped. */
  request(job: InsideJob): void {
    const config = { ...toRaw(job.config) };
    if (job.kind === 'moments') this.queue.request({ ...job, items: job.items.map((item) => ({ iteration: item.iteration, weights: plainWeights(item.weights) })), config });
    else this.queue.request({ ...job, weights: plainWeights(job.weights), config });
  }

  dispose(): void {
    this.queue.dispose();
  }
}
