/**
 * One sample through the network, forward and back (ALGORITHM.md, "One
 * training iteration"), on flat row-major Float64Arrays with no allocation.
 *
 * Summation order is part of the contract, because evaluation shares work
 * between pairs and must still give bit-identical outputs:
 *   pre_t[j] = ((Σ_k h_{t-1}[k]·V[k][j], k ascending from 0) + (x0·U[0][j] + x1·U[1][j])) + b_h[j]
 *   z_t      = (Σ_j h_t[j]·W[j], j ascending from 0) + b_o
 * (the bias terms only when biases are on).
 *
 * The work runs in WebAssembly (wasm/rnn.wat) when the host has it, with the
 * parameters, gradients and buffers in the module's memory; otherwise in the
 * JS below. Both compute the same operations in the same order.
 */

import type { Activation, TrainConfig } from './config';
import type { FlatParams, Params } from './network';
import type { WasmSgd } from './optimizers';
import { createFlatParams, parameterCount, vanillaParams } from './network';
import { activate, exp } from './activation';
import { addOuterProducts, transpose, vecMat } from './kernels';
import { bitAt } from './task';
import { pairSequence } from './cells/cellNetwork';
import type { CellNetwork } from './cells/cellNetwork';
import { bindNetwork, createRnnWasm } from './wasm/engine';
import type { RnnExports } from './wasm/engine';

/** What fixes a network's shape and arithmetic. */
export type NetShape = Pick<TrainConfig, 'hiddenSize' | 'bits' | 'bias'> & { activation: Activation };

/** A network of H hidden units unrolled over L steps, with its parameters and buffers for one sample. */
export class Rnn implements CellNetwork {
  readonly cell = 'rnn' as const;
  /** Only the LSTM has cell states. */
  readonly c = null;
  readonly H: number;
  readonly L: number;
  readonly tanh: boolean;
  /** The parameters; set them (then call loadWeights) before running the network. */
  readonly params: FlatParams;
  /** Where backward() adds its gradient; null for a network built only to run forward. */
  readonly grads: FlatParams | null;
  /** Hidden states: row 0 is h_{-1} = 0, row t+1 is h_t; (L+1)×H. */
  readonly h: Float64Array;
  /** Outputs o_t, t = 0 … L−1. */
  readonly o: Float64Array;
  /** The pair of the latest forward pass. */
  a = 0;
  b = 0;
  /** The inputs and targets of the latest JS forward pass. */
  private readonly x: Uint8Array;
  private readonly y: Uint8Array;
  private readonly p: Params;
  private readonly g: Params | null;
  /** The WebAssembly module bound to this network's buffers, or null for the JS path. */
  private readonly wasm: RnnExports | null;
  /** The module's SGD step over this network's memory, for the optimiser; null for the JS path. */
  readonly wasmSgd: WasmSgd | null;
  private readonly future: Float64Array;
  /** x_t·U for the four inputs x_t = [0,0], [0,1], [1,0], [1,1] (row 2·x0 + x1). */
  private readonly xU: Float64Array;
  /** Vᵀ, for future = d_hraw·Vᵀ as a row-times-matrix product. */
  private readonly VT: Float64Array;
  /** d_hraw of every step, row t for step t, kept for the dV sum. */
  private readonly dHraw: Float64Array;

  constructor(shape: NetShape, withGradients: boolean) {
    const H = shape.hiddenSize, L = shape.bits;
    this.H = H;
    this.L = L;
    this.tanh = shape.activation === 'tanh';
    const n = parameterCount(shape);
    const VTSize = withGradients ? H * H : 0;
    const engine = createRnnWasm((withGradients ? 2 : 1) * n + (L + 1) * H + L + 4 * H + VTSize + L * H + H);
    const alloc = engine ? engine.alloc : (length: number) => new Float64Array(length);
    this.params = createFlatParams(shape, alloc);
    this.grads = withGradients ? createFlatParams(shape, alloc) : null;
    this.p = vanillaParams(this.params.views);
    this.g = this.grads ? vanillaParams(this.grads.views) : null;
    this.h = alloc((L + 1) * H);
    this.o = alloc(L);
    this.xU = alloc(4 * H);
    this.VT = alloc(VTSize);
    this.dHraw = alloc(L * H);
    this.future = alloc(H);
    this.x = new Uint8Array(L);
    this.y = new Uint8Array(L);
    this.wasm = engine ? engine.exports : null;
    this.wasmSgd = engine ? { buffer: engine.buffer, sgd: engine.exports.sgd } : null;
    if (engine) {
      bindNetwork(engine.exports, {
        hiddenSize: H, bits: L, tanh: this.tanh, params: this.p, grads: this.g,
        h: this.h, o: this.o, xU: this.xU, VT: this.VT, dHraw: this.dHraw, future: this.future,
      });
    }
    this.loadWeights();
  }

  /**
   * Reads the current parameters into the derived tables (x·U for each input,
   * Vᵀ). Call it whenever the parameters have changed, before forward/backward.
   */
  loadWeights(): void {
    if (this.wasm) return this.wasm.loadWeights();
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
    if (this.wasm) return this.wasm.beginIteration();
    this.grads?.flat.fill(0);
    this.loadWeights();
  }

  /** forward(a, b) then backward(), returning the loss: one training sample. */
  sample(a: number, b: number): number {
    if (!this.g) throw new Error('this network was built without gradient buffers');
    this.a = a;
    this.b = b;
    if (this.wasm) return this.wasm.sample(a, b);
    const loss = this.forward(a, b);
    this.backward();
    return loss;
  }

  /** Runs the pair (a, b) forward and returns the L1 loss Σ_t |o_t − y_t|. */
  forward(a: number, b: number): number {
    this.a = a;
    this.b = b;
    if (this.wasm) return this.wasm.forward(a, b);
    pairSequence(a, b, this.L, this.x, this.y);
    return this.forwardSequence(this.x, this.y);
  }

  /**
   * Runs the inputs x_t = 2·a_t + b_t against the targets y_t forward, in JS
   * (on the module's buffers when it has them, after its loadWeights), and returns the L1 loss.
   */
  forwardSequence(x: Uint8Array, y: Uint8Array): number {
    const { H, L, h, o, tanh, xU } = this;
    const { V, W, b_h, b_o } = this.p;
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

  /** Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass into grads (BPTT). */
  backward(): void {
    const g = this.g;
    if (!g) throw new Error('this network was built without gradient buffers');
    if (this.wasm) return this.wasm.backward();
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
}
