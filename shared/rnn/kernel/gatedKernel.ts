/**
 * What the LSTM and the GRU share: their parameters in one flat array in
 * weights.ts's order (the gates' U's, the gates' V's, W, then the gates'
 * biases and b_o), the inputs of the latest pair, and the plain SGD step.
 * Each cell adds its forward and backward passes.
 */

import type { Cell } from '../config';
import { sgdUpdate } from '../optimizers';
import { createFlatParams } from '../parameters';
import type { FlatParams } from '../parameters';
import { CELL_GATES } from '../weights';
import type { Kernel, NetShape } from './kernel';
import { pairSequence } from './sequence';

export abstract class GatedKernel implements Kernel {
  abstract readonly cell: Cell;
  readonly H: number;
  readonly L: number;
  /** Gates per step (4 for the LSTM, 3 for the GRU). */
  readonly G: number;
  readonly params: FlatParams;
  readonly grads: FlatParams | null;
  readonly h: Float64Array;
  readonly c: Float64Array | null = null;
  readonly o: Float64Array;
  a = 0;
  b = 0;
  /** Inputs 2·a_t + b_t and targets of the latest pass. */
  protected readonly x: Uint8Array;
  protected readonly y: Uint8Array;
  /** Where the gates' U's, V's, W, the gates' biases and b_o start in the flat parameters (bias ones only with biases). */
  protected readonly uAt = 0;
  protected readonly vAt: number;
  protected readonly wAt: number;
  protected readonly bAt: number;
  protected readonly boAt: number;
  protected readonly bias: boolean;

  constructor(cell: Exclude<Cell, 'rnn'>, shape: NetShape, withGradients: boolean) {
    const H = shape.hiddenSize, L = shape.bits, G = CELL_GATES[cell].length;
    this.H = H;
    this.L = L;
    this.G = G;
    this.bias = shape.bias;
    const layout = { hiddenSize: H, bias: shape.bias, cell };
    this.params = createFlatParams(layout);
    this.grads = withGradients ? createFlatParams(layout) : null;
    this.vAt = G * 2 * H;
    this.wAt = this.vAt + G * H * H;
    this.bAt = this.wAt + H;
    this.boAt = this.bAt + G * H;
    this.h = new Float64Array((L + 1) * H);
    this.o = new Float64Array(L);
    this.x = new Uint8Array(L);
    this.y = new Uint8Array(L);
  }

  abstract loadWeights(): void;
  abstract forwardSequence(x: Uint8Array, y: Uint8Array): number;
  /**
   * One time step: the state after step t (row t + 1 of h, and of c for the
   * LSTM) from the one before it (row t) and the input x_t = 2·a_t + b_t;
   * returns o_t. forwardSequence is these steps in order, so any walk that
   * keeps row t as the step's predecessor gets the same bits.
   */
  abstract step(t: number, xt: number): number;
  abstract backward(): void;

  beginIteration(): void {
    this.grads?.flat.fill(0);
    this.loadWeights();
  }

  forward(a: number, b: number): number {
    this.a = a;
    this.b = b;
    pairSequence(a, b, this.L, this.x, this.y);
    return this.forwardSequence(this.x, this.y);
  }

  sample(a: number, b: number): number {
    if (!this.grads) throw new Error('this kernel was built without gradient buffers');
    const loss = this.forward(a, b);
    this.backward();
    return loss;
  }

  sgdStep(lr: number, scale: number): boolean {
    return sgdUpdate(this.params.flat, this.needGrads(), lr, scale);
  }

  /** Copies the sequence into this network's own inputs (a no-op when they are its own). */
  protected take(x: Uint8Array, y: Uint8Array): void {
    if (x !== this.x) this.x.set(x.subarray(0, this.L));
    if (y !== this.y) this.y.set(y.subarray(0, this.L));
  }

  protected needGrads(): Float64Array {
    if (!this.grads) throw new Error('this kernel was built without gradient buffers');
    return this.grads.flat;
  }
}
