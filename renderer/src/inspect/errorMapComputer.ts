/**
 * Keeps an error map up to date with changing weights without blocking the
 * page: one computation at a time in a worker, only the latest weights queued,
 * and a pause between runs. Where no worker can start, it computes in place.
 */

import { toRaw } from 'vue';
import { errorMap } from '@shared/rnn/index';
import type { TrainConfig } from '@shared/rnn/config';
import type { Tensor, Weights } from '@shared/rnn/weights';

export type MapConfig = Pick<TrainConfig, 'bits' | 'hiddenSize' | 'activation' | 'bias' | 'cell'>;

export interface ErrorMapRequest {
  id: number;
  weights: Weights;
  config: MapConfig;
}

export interface ErrorMapReply {
  id: number;
  map: Uint8Array | null;
  problem: string | null;
  ms: number;
}

/** A structured-cloneable copy of store-held (possibly reactive) weights. */
function plainWeights(weights: Weights): Weights {
  const raw = toRaw(weights);
  const out: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(raw) as [string, Tensor | undefined][]) {
    if (tensor) out[name] = { shape: [tensor.shape[0], tensor.shape[1]], data: new Float64Array(toRaw(tensor).data) };
  }
  return out as unknown as Weights;
}

export class ErrorMapComputer {
  private worker: Worker | null = null;
  private nextId = 1;
  private running: number | null = null;
  private queued: ErrorMapRequest | null = null;
  private lastEnd = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly onResult: (reply: ErrorMapReply) => void,
    /** Smallest pause between the end of one computation and the start of the next. */
    private readonly minIntervalMs = 250,
  ) {
    try {
      this.worker = new Worker(new URL('./errorMap.worker.ts', import.meta.url), { type: 'module', name: 'error-map' });
      this.worker.onmessage = (event: MessageEvent<ErrorMapReply>) => this.finish(event.data);
      this.worker.onerror = () => {
        // A worker that cannot load leaves the in-place computation.
        this.worker?.terminate();
        this.worker = null;
        this.running = null;
        this.pump();
      };
    } catch {
      this.worker = null;
    }
  }

  /** Asks for the map of these weights; earlier requests not yet started are dropped. */
  request(weights: Weights, config: MapConfig): void {
    this.queued = { id: this.nextId++, weights: plainWeights(weights), config: { bits: config.bits, hiddenSize: config.hiddenSize, activation: config.activation, bias: config.bias, cell: config.cell } };
    this.pump();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = null;
    this.queued = null;
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
      this.finish({ id: request.id, map: errorMap(request.weights, request.config), problem: null, ms: performance.now() - started });
    } catch (error) {
      this.finish({ id: request.id, map: null, problem: error instanceof Error ? error.message : String(error), ms: performance.now() - started });
    }
  }

  private finish(reply: ErrorMapReply): void {
    if (reply.id !== this.running) return;
    this.running = null;
    // The pause grows with the work, so the map never takes more than about a quarter of a core from training.
    this.lastEnd = performance.now() + Math.max(0, 3 * reply.ms - this.minIntervalMs);
    this.onResult(reply);
    this.pump();
  }
}
