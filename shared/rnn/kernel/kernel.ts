/**
 * The kernel: one sample through the network, forward and back, on flat
 * parameters. The trainer, evaluation and inspection ask this interface, never
 * an implementation; a factory picks the implementation once, from what the
 * host can run.
 */

import type { Activation, Cell, TrainConfig } from '../config';
import type { FlatParams } from '../parameters';
import { GruKernel } from './gruKernel';
import { JsRnnKernel } from './jsRnnKernel';
import { LstmKernel } from './lstmKernel';
import { WasmGatedKernel } from './wasmGatedKernel';
import { WasmRnnKernel } from './wasmRnnKernel';

/** What fixes a network's shape and arithmetic; without a cell, the vanilla one. */
export type NetShape = Pick<TrainConfig, 'hiddenSize' | 'bits' | 'bias'> & { activation: Activation; cell?: Cell };

export interface Kernel {
  /** Hidden units. */
  readonly H: number;
  /** Steps (bits). */
  readonly L: number;
  /** The parameters; set them (then call loadWeights) before running the network. */
  readonly params: FlatParams;
  /** Where backward() adds its gradient; null for a kernel built only to run forward. */
  readonly grads: FlatParams | null;
  /** Hidden states of the latest forward pass: row 0 is h_{-1} = 0, row t+1 is h_t; (L+1)×H. */
  readonly h: Float64Array;
  /** The LSTM's cell states laid out as h (row 0 is c_{-1} = 0); null for the other cells. */
  readonly c: Float64Array | null;
  /** Outputs o_t of the latest forward pass, t = 0 … L−1 (least significant step first). */
  readonly o: Float64Array;
  /** The pair of the latest forward pass. */
  readonly a: number;
  readonly b: number;
  /** Re-derives what the kernel caches from the parameters; call it whenever they have changed. */
  loadWeights(): void;
  /** Starts a training iteration: gradients to zero, then loadWeights. */
  beginIteration(): void;
  /** Runs the pair (a, b) forward and returns the L1 loss Σ_t |o_t − y_t|. */
  forward(a: number, b: number): number;
  /**
   * Runs the inputs x_t = 2·a_t + b_t against the targets y_t (t = 0 … L−1)
   * forward and returns the L1 loss: forward(a, b)'s arithmetic for any bit
   * sequence, such as sums past 2^53 (lengths.ts). backward() does not follow it.
   */
  forwardSequence(x: Uint8Array, y: Uint8Array): number;
  /** Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass into grads (BPTT). */
  backward(): void;
  /** forward(a, b) then backward(), returning the loss: one training sample. */
  sample(a: number, b: number): number;
  /** Plain SGD over every parameter, w −= lr·(scale·g); false when any updated weight is not finite. */
  sgdStep(lr: number, scale: number): boolean;
  /**
   * Gives back what the kernel holds (a WebAssembly module, for the next
   * kernel of its size): neither the kernel nor any of its buffers may be used
   * after. Not calling it is fine; the memory is then collected.
   */
  dispose(): void;
}

/**
 * The kernel of the shape's cell, the fastest this host runs: WebAssembly
 * with SIMD where there is one, else JavaScript (the same bits either way).
 */
export function createKernel(shape: NetShape, gradients: boolean): Kernel {
  switch (shape.cell ?? 'rnn') {
    case 'rnn':
      return WasmRnnKernel.create(shape, gradients) ?? new JsRnnKernel(shape, gradients);
    case 'lstm':
      return WasmGatedKernel.create('lstm', shape, gradients) ?? new LstmKernel(shape, gradients);
    case 'gru':
      return WasmGatedKernel.create('gru', shape, gradients) ?? new GruKernel(shape, gradients);
  }
}
