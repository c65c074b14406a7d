/**
 * What the LSTM and the GRU share: their parameters in one flat array in
 * weights.ts's order (the gates' U's, the gates' V's, W, then the gates'
 * biases and b_o), the inputs of the latest pair, the input table, the
 * gradient buffers, the loop over a sequence's steps and the plain SGD step.
 * Each cell adds its step and its backward pass.
 */

import { sigmoid } from '../activation';
import type { Cell } from '../config';
import { sgdUpdate } from '../optimizers';
import { createFlatParams } from '../parameters';
import type { FlatParams } from '../parameters';
import { CELL_GATES } from '../weights';
import type { Kernel, NetShape } from './kernel';
import { pairSequence } from './sequence';
import { inputTable } from './wideLoops';

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
  /** x·U_g for the four inputs, gates side by side: row x is [x·U_g for each gate g], 4×GH. */
  protected readonly xU: Float64Array;
  /** The gradient at each gate's pre-activation, gate by gate: block g is L×H with row t for step t. */
  protected readonly dPre: Float64Array;
  /** dPre's blocks, and the gradient's V_g, gate by gate. */
  protected readonly dPreOf: Float64Array[];
  protected readonly dVOf: Float64Array[];
  /** The gradient reaching h_t from the steps after t, during the backward pass. */
  protected readonly futureH: Float64Array;

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
    this.xU = new Float64Array(4 * G * H);
    this.dPre = new Float64Array(withGradients ? G * L * H : 0);
    const gates = Array.from({ length: G }, (_, g) => g);
    this.dPreOf = gates.map((g) => this.dPre.subarray(g * L * H, (g + 1) * L * H));
    const grads = this.grads?.flat ?? new Float64Array(0);
    this.dVOf = gates.map((g) => grads.subarray(this.vAt + g * H * H, this.vAt + (g + 1) * H * H));
    this.futureH = new Float64Array(H);
  }

  /** Nothing to give back: the buffers are plain arrays. */
  dispose(): void {}

  loadWeights(): void {
    inputTable(this.params.flat, this.uAt, this.G, this.H, this.xU);
  }

  forwardSequence(xs: Uint8Array, ys: Uint8Array): number {
    this.take(xs, ys);
    const { L, x, y } = this;
    let loss = 0;
    for (let t = 0; t < L; t++) loss += Math.abs(this.step(t, x[t]!) - y[t]!); // loss += |o_t − y_t|
    return loss;
  }

  /**
   * One time step: the state after step t (row t + 1 of h, and of c for the
   * LSTM) from the one before it (row t) and the input x_t = 2·a_t + b_t;
   * returns o_t. forwardSequence is these steps in order, so any walk that
   * keeps row t as the step's predecessor gets the same bits.
   */
  abstract step(t: number, xt: number): number;
  abstract backward(): void;

  /**
   * The gates' values of step t after the latest forward pass, side by side
   * (the cell's gate order, H each): a view for inspection, to read only.
   */
  abstract gateValues(t: number): Float64Array;

  /** Gate g's gradient at its pre-activation at step t after the latest backward pass (H values): a view for inspection, to read only. */
  gateDeltas(g: number, t: number): Float64Array {
    return this.dPreOf[g]!.subarray(t * this.H, (t + 1) * this.H);
  }

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

  /** o_t = sigmoid(h_t·W + b_o) from hW = h_t·W, kept in o and returned. */
  protected output(t: number, hW: number): number {
    const ot = sigmoid(this.bias ? hW + this.params.flat[this.boAt]! : hW);
    this.o[t] = ot;
    return ot;
  }

  /** d_o = (o_t − y_t)·o_t(1 − o_t) of step t, with b_o's gradient added to g. */
  protected outputDelta(g: Float64Array, t: number): number {
    const ot = this.o[t]!;
    const d_o = (ot - this.y[t]!) * (ot * (1 - ot));
    if (this.bias) g[this.boAt]! += d_o;
    return d_o;
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
