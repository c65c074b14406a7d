/**
 * What the trainer and evaluation need of a network of any cell: one sample
 * forward and back on flat parameters with named views, and a forward pass
 * over any bit sequence (for sums longer than the numbers JS holds exactly).
 */

import type { Cell, TrainConfig } from '../config';
import type { FlatParams } from '../network';
import type { WasmSgd } from '../optimizers';
import { bitAt } from '../task';

/** What fixes a network's shape and arithmetic. */
export type CellShape = Pick<TrainConfig, 'hiddenSize' | 'bits' | 'bias' | 'activation'> & { cell?: Cell };

export interface CellNetwork {
  readonly cell: Cell;
  readonly H: number;
  readonly L: number;
  /** The parameters; set them (then call loadWeights) before running the network. */
  readonly params: FlatParams;
  /** Where backward() adds its gradient; null for a network built only to run forward. */
  readonly grads: FlatParams | null;
  /** Hidden states: row 0 is h_{-1} = 0, row t+1 is h_t; (L+1)×H. */
  readonly h: Float64Array;
  /** The LSTM's cell states laid out as h (row 0 is c_{-1} = 0); null for the other cells. */
  readonly c: Float64Array | null;
  /** Outputs o_t, t = 0 … L−1. */
  readonly o: Float64Array;
  /** The pair of the latest forward(a, b). */
  a: number;
  b: number;
  /** The SGD step in WebAssembly over this network's memory; null when the parameters are plain arrays. */
  readonly wasmSgd: WasmSgd | null;
  /** Reads the current parameters into the derived tables; call it whenever they have changed. */
  loadWeights(): void;
  /** Starts a training iteration: gradients to zero, then loadWeights. */
  beginIteration(): void;
  /** Runs the pair (a, b) forward and returns the L1 loss Σ_t |o_t − y_t|. */
  forward(a: number, b: number): number;
  /** Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward(a, b) into grads (BPTT). */
  backward(): void;
  /** forward(a, b) then backward(), returning the loss: one training sample. */
  sample(a: number, b: number): number;
  /**
   * Runs the inputs x_t = 2·a_t + b_t against the targets y_t (t = 0 … L−1,
   * least significant first) forward and returns the L1 loss; the same
   * arithmetic as forward(a, b).
   */
  forwardSequence(x: Uint8Array, y: Uint8Array): number;
}

/** Writes the inputs (2·a_t + b_t) and targets (bit t of a + b) of a pair for L steps. */
export function pairSequence(a: number, b: number, L: number, x: Uint8Array, y: Uint8Array): void {
  const c = a + b;
  for (let t = 0; t < L; t++) {
    x[t] = 2 * bitAt(a, t) + bitAt(b, t);
    y[t] = bitAt(c, t);
  }
}
