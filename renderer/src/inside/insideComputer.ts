/**
 * Keeps one kind of inside-training result up to date with changing weights
 * without blocking the page: one job at a time in a worker, only the latest
 * job queued, and a pause between jobs that grows with their cost (as the
 * error map does). Where no worker can start, it computes in place.
 */

import { toRaw } from 'vue';
import type { Tensor, Weights } from '@shared/rnn/weights';
import { runInsideJob, type InsideJob, type InsideReply, type InsideRequest } from './insideWork';

/** A structured-cloneable copy of store-held (possibly reactive) weights. */
export function plainWeights(weights: Weights): Weights {
  const raw = toRaw(weights);
  const out: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(raw) as [string, Tensor | undefined][]) {
    if (tensor) out[name] = { shape: [tensor.shape[0], tensor.shape[1]], data: new Float64Array(toRaw(tensor).data) };
  }
  return out as unknown as Weights;
}

export class InsideComputer {
  private worker: Worker | null = null;
  private nextId = 1;
  private running: number | null = null;
  private queued: InsideRequest | null = null;
  private lastEnd = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The jobs sent or queued, by request id, handed back with their results. */
  private readonly jobs = new Map<number, InsideJob>();

  constructor(
    private readonly onResult: (reply: InsideReply, job: InsideJob) => void,
    /** Smallest pause between the end of one job and the start of the next. */
    private readonly minIntervalMs = 250,
  ) {
    try {
      this.worker = new Worker(new URL('./inside.worker.ts', import.meta.url), { type: 'module', name: 'inside-training' });
      this.worker.onmessage = (event: MessageEvent<InsideReply>) => this.finish(event.data);
      this.worker.onerror = () => {
        this.worker?.terminate();
        this.worker = null;
        this.running = null;
        this.pump();
      };
    } catch {
      this.worker = null;
    }
  }

  /** Asks for a job's result; an earlier job not yet started is dropped. */
  request(job: InsideJob): void {
    if (this.queued) this.jobs.delete(this.queued.id);
    const plain: InsideJob = { ...job, weights: plainWeights(job.weights), config: { ...toRaw(job.config) } };
    this.queued = { id: this.nextId++, job: plain };
    this.jobs.set(this.queued.id, plain);
    this.pump();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = null;
    this.queued = null;
    this.jobs.clear();
  }

  private pump(): void {
    if (this.running !== null || this.timer !== null || !this.queued) return;
    const wait = this.lastEnd + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    const request = this.queued;
    this.queued = null;
    this.running = request.id;
    if (this.worker) {
      this.worker.postMessage(request);
      return;
    }
    const started = performance.now();
    try {
      this.finish({ id: request.id, result: runInsideJob(request.job), problem: null, ms: performance.now() - started });
    } catch (error) {
      this.finish({ id: request.id, result: null, problem: error instanceof Error ? error.message : String(error), ms: performance.now() - started });
    }
  }

  private finish(reply: InsideReply): void {
    if (reply.id !== this.running) return;
    this.running = null;
    const job = this.jobs.get(reply.id);
    this.jobs.delete(reply.id);
    // Never more than about a quarter of a core away from training.
    this.lastEnd = performance.now() + Math.max(0, 3 * reply.ms - this.minIntervalMs);
    if (job) this.onResult(reply, job);
    this.pump();
  }
}
