/**
 * One sample through the network, forward and back (ALGORITHM.md, "One
 * training iteration"), on flat row-major Float64Arrays with no allocation.
 *
 * Summation order is part of the contract, because evaluation shares work
 * between pairs and must still give bit-identical outputs:
 *   pre_t[j] = ((Σ_k h_{t-1}[k]·V[k][j], k ascending from 0) + (x0·U[0][j] + x1·U[1][j])) + b_h[j]
 *   z_t      = (Σ_j h_t[j]·W[j], j ascending from 0) + b_o
 * (the bias terms only when biases are on).
 */

import type { Activation } from './config';
import type { Params } from './network';
import { activate, exp } from './activation';
import { addOuterProducts, transpose, vecMat } from './kernels';
import { bitAt } from './task';
import { createWasmKernels } from './wasm-kernels';
import type { WasmKernels } from './wasm-kernels';

/** A network of H hidden units unrolled over L steps, with buffers for one sample. */
export class Rnn {
  readonly H: number;
  readonly L: number;
  readonly tanh: boolean;
  /** Hidden states: row 0 is h_{-1} = 0, row t+1 is h_t; (L+1)×H. */
  readonly h: Float64Array;
  /** Outputs o_t, t = 0 … L−1. */
  readonly o: Float64Array;
  /** The pair of the latest forward pass. */
  a = 0;
  b = 0;
  private readonly future: Float64Array;
  /** x_t·U for the four inputs x_t = [0,0], [0,1], [1,0], [1,1] (row 2·x0 + x1). */
  private readonly xU: Float64Array;
  /** Vᵀ, for future = d_hraw·Vᵀ as a row-times-matrix product. */
  private readonly VT: Float64Array;
  /** d_hraw of every step, row t for step t, kept for the dV sum. */
  private readonly dHraw: Float64Array;
  /**
   * The SIMD vecMat, when WebAssembly has it; then h, VT, dHraw, future and a
   * copy of V (Vw, refreshed by loadWeights) live in its memory, at the byte
   * offsets below. Otherwise Vw is V itself and the JS kernels run.
   */
  private readonly wasm: WasmKernels | null;
  private readonly Vw: Float64Array;
  private readonly hAt: number;
  private readonly VwAt: number;
  private readonly VTAt: number;
  private readonly dHrawAt: number;
  private readonly futureAt: number;
  /** With wasm and gradients: dV's sum is done here, in the module's memory, then copied back. */
  private readonly dVw: Float64Array | null;

  constructor(
    hiddenSize: number,
    bits: number,
    activation: Activation,
    readonly p: Params,
    /** Where backward() adds its gradient; needed only for training. */
    readonly g: Params | null = null,
  ) {
    this.H = hiddenSize;
    this.L = bits;
    this.tanh = activation === 'tanh';
    const H = hiddenSize, HH = H * H;
    this.wasm = createWasmKernels((bits + 1) * H + 3 * HH + bits * H + H);
    const alloc = this.wasm ? this.wasm.alloc : (length: number) => new Float64Array(length);
    this.h = alloc((bits + 1) * H);
    this.Vw = this.wasm ? alloc(HH) : p.V;
    this.VT = alloc(HH);
    this.dHraw = alloc(bits * H);
    this.future = alloc(H);
    this.dVw = this.wasm && g ? alloc(HH) : null;
    this.hAt = this.h.byteOffset;
    this.VwAt = this.Vw.byteOffset;
    this.VTAt = this.VT.byteOffset;
    this.dHrawAt = this.dHraw.byteOffset;
    this.futureAt = this.future.byteOffset;
    this.o = new Float64Array(bits);
    this.xU = new Float64Array(4 * H);
    this.loadWeights();
  }

  /**
   * Reads the current weights into the derived tables (x·U for each input,
   * Vᵀ). Call it whenever the weights have changed, before forward/backward.
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
    if (this.wasm) this.Vw.set(V);
    if (this.g) transpose(V, H, this.VT);
  }

  /** Runs the pair (a, b) forward and returns the L1 loss Σ_t |o_t − y_t|. */
  forward(a: number, b: number): number {
    const { H, L, h, o, tanh, xU } = this;
    const { W, b_h, b_o } = this.p;
    const { wasm, Vw, hAt } = this;
    this.a = a;
    this.b = b;
    const c = a + b;
    let loss = 0;
    for (let t = 0; t < L; t++) {
      const x = 2 * bitAt(a, t) + bitAt(b, t), y = bitAt(c, t);
      const prev = t * H, cur = prev + H, xRow = x * H;
      if (t === 0) h.fill(0, cur, cur + H); // h_{-1}·V = 0
      else if (wasm) wasm.vecMat(hAt + 8 * prev, this.VwAt, H, hAt + 8 * cur); // h_{t-1}·V
      else vecMat(h, prev, Vw, H, h, cur);
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
      loss += Math.abs(ot - y); // loss += |o_t − y_t|
    }
    return loss;
  }

  /** Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass into g (BPTT). */
  backward(): void {
    const g = this.g;
    if (!g) throw new Error('this network was built without gradient buffers');
    const { H, L, h, o, tanh, future, dHraw, a, b } = this;
    const { W } = this.p;
    const { VT, wasm } = this;
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
      if (t > 0) {
        if (wasm) wasm.vecMat(this.dHrawAt + 8 * d, this.VTAt, H, this.futureAt);
        else vecMat(dHraw, d, VT, H, future, 0);
      }
    }
    // dV += h_{t-1}ᵀ·d_hraw_t for every step, summed here in one pass (t = 0 adds nothing: h_{-1} = 0).
    const dVw = this.dVw;
    if (!wasm || !dVw) addOuterProducts(dV, h, dHraw, H, 1, L - 1);
    else if (L > 1) {
      dVw.set(dV);
      wasm.addOuterProducts(dVw.byteOffset, this.hAt, this.dHrawAt, H, 1, L - 1);
      dV.set(dVw);
    }
  }
}
