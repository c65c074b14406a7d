/**
 * Accuracy of the current weights at other lengths than trained (shared/rnn
 * lengths.ts), computed in a worker one length at a time; a new request
 * replaces the one running. Where no worker can start, each length is
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
}

export class LengthTester {
  private worker: Worker | null = null;
  private nextId = 1;
  private current = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly onResult: (reply: LengthReply) => void) {}

  /** Evaluates the weights at each length in turn, replacing any request still running. */
  request(weights: Weights, config: LengthConfig, lengths: readonly number[]): void {
    this.stop();
    const request: LengthRequest = {
      id: (this.current = this.nextId++),
      weights: plainWeights(weights),
      config: { bits: config.bits, hiddenSize: config.hiddenSize, activation: config.activation, bias: config.bias, cell: config.cell },
      lengths: [...lengths],
    };
    try {
      this.worker = new Worker(new URL('./lengthTest.worker.ts', import.meta.url), { type: 'module', name: 'length-test' });
      this.worker.onmessage = (event: MessageEvent<LengthReply>) => {
        if (event.data.id === this.current) this.onResult(event.data);
      };
      this.worker.onerror = () => {
        this.worker?.terminate();
        this.worker = null;
        this.inPlace(request, 0);
      };
      this.worker.postMessage(request);
    } catch {
      this.worker = null;
      this.inPlace(request, 0);
    }
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private inPlace(request: LengthRequest, index: number): void {
    const bits = request.lengths[index];
    if (bits === undefined || request.id !== this.current) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        const e = evaluateAtLength(request.weights, request.config, bits);
        this.onResult({ id: request.id, bits, exact: e.exact, pairs: e.pairs, problem: null });
        this.inPlace(request, index + 1);
      } catch (error) {
        this.onResult({ id: request.id, bits, exact: null, pairs: 0, problem: error instanceof Error ? error.message : String(error) });
      }
    }, 0);
  }
}
