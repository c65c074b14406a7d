/**
 * The vanilla RNN's kernel in JavaScript (docs/algorithm.md's "One
 * training iteration"), on flat row-major Float64Arrays with no allocation.
 * It runs where WebAssembly SIMD is missing; wasmRnnKernel.ts runs the same
 * operations in the same order, so both give the same bits.
 *
 * Summation order is part of the contract, because evaluation shares work
 * between pairs and must still give bit-identical outputs:
 *   pre_t[j] = ((Σ_k h_{t-1}[k]·V[k][j], k ascending from 0) + (x0·U[0][j] + x1·U[1][j])) + b_h[j]
 *   z_t      = (Σ_j h_t[j]·W[j], j ascending from 0) + b_o
 * (the bias terms only when biases are on).
 */

import { activate, exp } from '../activation';
import { sgdUpdate } from '../optimizers';
import { createFlatParams, type FlatParams } from '../parameters';
import { bitAt } from '../task';
import { pairSequence } from './sequence';
import type { Kernel, NetShape } from './kernel';
import { addOuterProducts, transpose, vecMat } from './matrixLoops';

/** The vanilla network's buffers a forward pass reads and writes; xU must be current (loadWeights). */
export interface VanillaBuffers {
  readonly H: number;
  readonly L: number;
  readonly tanh: boolean;
  readonly h: Float64Array;
  readonly o: Float64Array;
  /** x_t·U for the four inputs (row 2·x0 + x1). */
  readonly xU: Float64Array;
}

/**
 * The vanilla forward pass over a bit sequence (inputs 2·a_t + b_t, targets
 * y_t), returning the L1 loss: the one JS home of the forward arithmetic, for
 * this kernel and for the WebAssembly one's sequences.
 */
export function vanillaForward(n: VanillaBuffers, p: VanillaViews, x: Uint8Array, y: Uint8Array): number {
  const { H, L, h, o, tanh, xU } = n;
  const { V, W, b_h, b_o } = p;
  let loss = 0;
  for (let t = 0; t < L; t++) {
    const prev = t * H, cur = prev + H, xRow = x[t]! * H;
    if (t === 0) h.fill(0, cur, cur + H); // h_{-1}·V = 0
    else vecMat(h, prev, V, H, h, cur); // h_{t-1}·V
    let z = 0;
    for (let j = 0; j < H; j++) {
      let pre = h[cur + j]! + xU[xRow + j]!; // + x_t·U
      if (b_h) pre += b_h[j]!;
      const hj = activate(pre, tanh); // h_t = f(…)
      h[cur + j] = hj;
      z += hj * W[j]!; // h_t·W
    }
    if (b_o) z += b_o[0]!;
    const ot = 1 / (1 + exp(-z)); // o_t = sigmoid(h_t·W + b_o)
    o[t] = ot;
    loss += Math.abs(ot - y[t]!); // loss += |o_t − y_t|
  }
  return loss;
}

export interface VanillaViews {
  U: Float64Array;
  V: Float64Array;
  W: Float64Array;
  b_h: Float64Array | null;
  b_o: Float64Array | null;
}

/** The vanilla cell's named views of flat parameters (biases null when off). */
export function vanillaViews(p: FlatParams): VanillaViews {
  const v = p.views;
  return { U: v.U!, V: v.V!, W: v.W!, b_h: v.b_h ?? null, b_o: v.b_o ?? null };
}

export class JsRnnKernel implements Kernel {
  readonly H: number;
  readonly L: number;
  readonly tanh: boolean;
  readonly params: FlatParams;
  readonly grads: FlatParams | null;
  readonly h: Float64Array;
  readonly o: Float64Array;
  readonly c = null;
  a = 0;
  b = 0;
  /** The inputs and targets of the latest forward(a, b). */
  private readonly x: Uint8Array;
  private readonly y: Uint8Array;
  private readonly future: Float64Array;
  /** x_t·U for the four inputs x_t = [0,0], [0,1], [1,0], [1,1] (row 2·x0 + x1). */
  readonly xU: Float64Array;
  /** Vᵀ, for future = d_hraw·Vᵀ as a row-times-matrix product. */
  private readonly VT: Float64Array;
  /** d_hraw of every step, row t for step t, kept for the dV sum. */
  private readonly dHraw: Float64Array;
  /** The parameters' and gradients' views as fixed fields (a monomorphic object for the hot loops). */
  private readonly p: VanillaViews;
  private readonly g: VanillaViews | null;

  constructor(shape: NetShape, withGradients: boolean) {
    const H = shape.hiddenSize, L = shape.bits;
    this.H = H;
    this.L = L;
    this.tanh = shape.activation === 'tanh';
    this.params = createFlatParams(shape);
    this.grads = withGradients ? createFlatParams(shape) : null;
    this.p = vanillaViews(this.params);
    this.g = this.grads ? vanillaViews(this.grads) : null;
    this.h = new Float64Array((L + 1) * H);
    this.o = new Float64Array(L);
    this.xU = new Float64Array(4 * H);
    this.VT = new Float64Array(withGradients ? H * H : 0);
    this.dHraw = new Float64Array(L * H);
    this.future = new Float64Array(H);
    this.x = new Uint8Array(L);
    this.y = new Uint8Array(L);
    this.loadWeights();
  }

  /** Nothing to give back: the buffers are plain arrays. */
  dispose(): void {}

  /**
   * Reads the current parameters into the derived tables (x·U for each input,
   * Vᵀ). Call it whenever the parameters have changed, before forward/backward.
   */
  loadWeights(): void {
    const { H, xU } = this;
    const { U, V } = this.p;
    for (let x0 = 0; x0 < 2; x0++) {
      for (let x1 = 0; x1 < 2; x1++) {
        const row = (2 * x0 + x1) * H;
        for (let j = 0; j < H; j++) xU[row + j] = x0 * U[j]! + x1 * U[H + j]!;
      }
    }
    if (this.g) transpose(V, H, this.VT);
  }

  /** Starts a training iteration: gradients to zero, then loadWeights. */
  beginIteration(): void {
    this.grads?.flat.fill(0);
    this.loadWeights();
  }

  /** forward(a, b) then backward(), returning the loss: one training sample. */
  sample(a: number, b: number): number {
    const loss = this.forward(a, b);
    this.backward();
    return loss;
  }

  /** Runs the pair (a, b) forward and returns the L1 loss Σ_t |o_t − y_t|. */
  forward(a: number, b: number): number {
    this.a = a;
    this.b = b;
    pairSequence(a, b, this.L, this.x, this.y);
    return vanillaForward(this, this.p, this.x, this.y);
  }

  forwardSequence(x: Uint8Array, y: Uint8Array): number {
    return vanillaForward(this, this.p, x, y);
  }

  /** Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass into grads (BPTT). */
  backward(): void {
    const g = this.g;
    if (!g) throw new Error('this kernel was built without gradient buffers');
    const { H, L, h, o, tanh, future, dHraw, VT, a, b } = this;
    const { W } = this.p;
    const { U: dU, V: dV, W: dW, b_h: db_h, b_o: db_o } = g;
    const c = a + b;
    future.fill(0);
    for (let t = L - 1; t >= 0; t--) {
      const x0 = bitAt(a, t), x1 = bitAt(b, t), y = bitAt(c, t);
      const cur = (t + 1) * H, d = t * H; // h_t; row t of dHraw
      const ot = o[t]!;
      const d_o = (ot - y) * (ot * (1 - ot)); // d_o = (o_t − y_t)·o_t(1 − o_t)
      if (db_o) db_o[0]! += d_o;
      for (let j = 0; j < H; j++) {
        const hj = h[cur + j]!;
        dW[j]! += hj * d_o; // dW += h_tᵀ·d_o
        const d_h = d_o * W[j]! + future[j]!; // d_h = d_o·Wᵀ + future
        const d_hraw = d_h * (tanh ? 1 - hj * hj : hj * (1 - hj)); // d_hraw = d_h ⊙ f'(h_t)
        dHraw[d + j] = d_hraw;
        if (x0) dU[j]! += d_hraw; // dU += x_tᵀ·d_hraw
        if (x1) dU[H + j]! += d_hraw;
        if (db_h) db_h[j]! += d_hraw;
      }
      // future = d_hraw·Vᵀ (no step before t = 0 needs it)
      if (t > 0) vecMat(dHraw, d, VT, H, future, 0);
    }
    // dV += h_{t-1}ᵀ·d_hraw_t for every step, summed here in one pass (t = 0 adds nothing: h_{-1} = 0).
    addOuterProducts(dV, h, dHraw, H, 1, L - 1);
  }

  sgdStep(lr: number, scale: number): boolean {
    if (!this.grads) throw new Error('this kernel was built without gradient buffers');
    return sgdUpdate(this.params.flat, this.grads.flat, lr, scale);
  }
}
