/**
 * Worker threads that test finished sweep runs on longer sums (--test-bits):
 * 10 000 pairs of 64 bits take about a second, as long as training a run, so
 * measuring on the main thread would hold every trainer's results up behind it.
 */

import type { Worker } from 'node:worker_threads';
import type { NetConfig } from '../../shared/rnn/evaluate';
import type { Weights } from '../../shared/rnn/weights';
import { moduleWorker } from '../threads';

export interface LengthJob {
  id: number;
  weights: Weights;
  config: NetConfig;
  bits: number;
}

export type LengthAnswer = { id: number; exact: number } | { id: number; problem: string };

const ENTRY = new URL('./lengthThreadEntry.ts', import.meta.url);

interface Waiting {
  job: LengthJob;
  resolve: (exact: number) => void;
  reject: (error: Error) => void;
}

/** At most `size` threads, started as work arrives; each measures one run at a time. */
export class LengthThreads {
  private readonly idle: Worker[] = [];
  private readonly queue: Waiting[] = [];
  private readonly running = new Map<number, Waiting>();
  private started = 0;
  private nextId = 1;
  private closed = false;
  /** Set once a thread has failed: later work is refused with it. */
  private broken: Error | null = null;
  private readonly workers: Worker[] = [];

  constructor(private readonly size: number) {}

  /** The exact accuracy of the weights on `bits`-bit sums. */
  measure(weights: Weights, config: NetConfig, bits: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.queue.push({ job: { id: this.nextId++, weights, config, bits }, resolve, reject });
      this.dispatch();
    });
  }

  close(): void {
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.start() : null);
      if (!worker) return;
      const waiting = this.queue.shift()!;
      this.running.set(waiting.job.id, waiting);
      worker.postMessage(waiting.job);
    }
  }

  private start(): Worker {
    this.started++;
    const worker = moduleWorker(ENTRY);
    this.workers.push(worker);
    worker.on('message', (answer: LengthAnswer) => {
      const waiting = this.running.get(answer.id);
      this.running.delete(answer.id);
      this.idle.push(worker);
      if (waiting) {
        if ('problem' in answer) waiting.reject(new Error(answer.problem));
        else waiting.resolve(answer.exact);
      }
      this.dispatch();
    });
    const fail = (error: Error): void => {
      if (this.closed || this.broken) return;
      this.broken = error;
      for (const waiting of [...this.running.values(), ...this.queue]) waiting.reject(error);
      this.running.clear();
      this.queue.length = 0;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a length thread exited unexpectedly (code ${code})`)));
    return worker;
  }
}
