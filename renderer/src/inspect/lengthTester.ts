/**
 * Accuracy of the current weights at other lengths than trained (shared/rnn
 * lengths.ts), computed in workers, several lengths at once (one worker per
 * core, the longest lengths handed out first so the workers finish
 * together); a new request replaces the one running. Each length is the same
 * evaluation `eval --bits M` makes. Where no worker can start, each length is
 * computed in place between page tasks.
 */

import { evaluateAtLength } from '@shared/rnn/index';
import type { TrainConfig } from '@shared/rnn/config';
import type { Weights } from '@shared/rnn/weights';
import { plainWeights } from '../workers/plainWeights';

export type LengthConfig = Pick<TrainConfig, 'bits' | 'hiddenSize' | 'activation' | 'bias' | 'cell'>;

export interface LengthRequest {
  id: number;
  weights: Weights;
  config: LengthConfig;
  lengths: number[];
}

export interface LengthReply {
  id: number;
  bits: number;
  /** Fraction of pairs whose every bit is right; null when the evaluation failed. */
  exact: number | null;
  pairs: number;
  problem: string | null;
  /** Lengths of the request answered so far, this one included, and how many it asked for: it is done when they are equal. */
  done?: number;
  total?: number;
}

/** The workers a request runs on: one per core, at most one per length. */
export function lengthWorkers(lengths: number, cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(lengths, cores, 8));
}

/**
 * The lengths split between `workers`: the longest (the costliest: their
 * steps grow with the length) dealt out first, round-robin.
 */
export function splitLengths(lengths: readonly number[], workers: number): number[][] {
  const shares: number[][] = Array.from({ length: workers }, () => []);
  [...lengths].sort((a, b) => b - a).forEach((bits, i) => shares[i % workers]!.push(bits));
  return shares.filter((share) => share.length > 0);
}

export class LengthTester {
  private workers: Worker[] = [];
  private nextId = 1;
  private current = 0;
  private answered = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly onResult: (reply: LengthReply) => void) {}

  /** Evaluates the weights at each length, replacing any request still running. */
  request(weights: Weights, config: LengthConfig, lengths: readonly number[]): void {
    this.stop();
    const request: LengthRequest = {
      id: (this.current = this.nextId++),
      weights: plainWeights(weights),
      config: { bits: config.bits, hiddenSize: config.hiddenSize, activation: config.activation, bias: config.bias, cell: config.cell },
      lengths: [...lengths],
    };
    this.answered = 0;
    const total = lengths.length;
    const deliver = (reply: LengthReply): void => {
      if (reply.id !== this.current) return;
      this.onResult({ ...reply, done: ++this.answered, total });
    };
    try {
      for (const share of splitLengths(request.lengths, lengthWorkers(total))) {
        const worker = new Worker(new URL('./lengthTest.worker.ts', import.meta.url), { type: 'module', name: 'length-test' });
        worker.onmessage = (event: MessageEvent<LengthReply>) => deliver(event.data);
        worker.onerror = () => {
          // A worker that cannot load leaves the whole request to the page.
          this.stop();
          this.answered = 0;
          this.inPlace(request, 0, deliver);
        };
        worker.postMessage({ ...request, lengths: share });
        this.workers.push(worker);
      }
    } catch {
      this.stop();
      this.inPlace(request, 0, deliver);
    }
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private inPlace(request: LengthRequest, index: number, deliver: (reply: LengthReply) => void): void {
    const bits = request.lengths[index];
    if (bits === undefined || request.id !== this.current) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        const e = evaluateAtLength(request.weights, request.config, bits);
        deliver({ id: request.id, bits, exact: e.exact, pairs: e.pairs, problem: null });
        this.inPlace(request, index + 1, deliver);
      } catch (error) {
        deliver({ id: request.id, bits, exact: null, pairs: 0, problem: error instanceof Error ? error.message : String(error) });
      }
    }, 0);
  }
}
