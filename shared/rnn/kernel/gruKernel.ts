/**
 * The GRU cell with ONNX's gate order z, r, h and linear_before_reset = 0,
 * forward and back (BPTT) on flat Float64Arrays with no allocation per iteration:
 *
 *   z_t = σ(x_t·U_z + h_{t-1}·V_z + b_hz)      r_t = σ(x_t·U_r + h_{t-1}·V_r + b_hr)
 *   h̃_t = tanh(x_t·U_h + (r_t ⊙ h_{t-1})·V_h + b_hh)
 *   h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}      (ONNX's convention: z keeps the old state)
 *   out_t = σ(h_t·W + b_o)
 *
 * Summation orders (part of the contract, as in jsRnnKernel.ts):
 *   pre_g[j] = ((Σ_k s[k]·V_g[k][j], k ascending) + (x0·U_g[0][j] + x1·U_g[1][j])) + b_hg[j]
 *     with s = h_{t-1} for z and r, and s = r_t ⊙ h_{t-1} for h̃
 *   h_t[j]   = (1 − z)·h̃ + z·h_{t-1}[j]
 */

import { sigmoid, tanh } from '../activation';
import { GatedKernel } from './gatedKernel';
import type { NetShape } from './kernel';
import { addOuterProducts, vecMat } from './matrixLoops';
import { rowDots } from './wideLoops';

export class GruKernel extends GatedKernel {
  readonly cell = 'gru' as const;
  /** V_z, V_r, V_h: views of the parameters. */
  private readonly Vz: Float64Array;
  private readonly Vr: Float64Array;
  private readonly Vh: Float64Array;
  /** The gates' values z, r, h̃ of every step: row t is [z | r | h̃], L×3H. */
  private readonly gates: Float64Array;
  /** r_t ⊙ h_{t-1}, row t, L×H. */
  private readonly rh: Float64Array;
  /** Pre-activation sums of one step: [z | r] (2H), then h̃'s (H). */
  private readonly preZr: Float64Array;
  private readonly preH: Float64Array;
  /** One step's gradient at [z | r]'s pre-activations; and at r ⊙ h_{t-1}. */
  private readonly dZr: Float64Array;
  /** One step's gradient at h̃'s pre-activation. */
  private readonly dHc: Float64Array;
  private readonly dRh: Float64Array;
  /** The gradient reaching h_{t-1} through z ⊙ h_{t-1}. */
  private readonly direct: Float64Array;

  constructor(shape: NetShape, withGradients: boolean) {
    super('gru', shape, withGradients);
    const { H, L } = this;
    this.Vz = this.params.flat.subarray(this.vAt, this.vAt + H * H);
    this.Vr = this.params.flat.subarray(this.vAt + H * H, this.vAt + 2 * H * H);
    this.Vh = this.params.flat.subarray(this.vAt + 2 * H * H, this.vAt + 3 * H * H);
    this.gates = new Float64Array(L * 3 * H);
    this.rh = new Float64Array(L * H);
    this.preZr = new Float64Array(2 * H);
    this.preH = new Float64Array(H);
    this.dZr = new Float64Array(2 * H);
    this.dHc = new Float64Array(H);
    this.dRh = new Float64Array(H);
    this.direct = new Float64Array(H);
    this.loadWeights();
  }

  step(t: number, xt: number): number {
    const { H, h, xU, Vz, Vr, Vh, gates, rh, preZr, preH, bias, bAt, wAt } = this;
    const p = this.params.flat;
    const N = 3 * H;
    const prev = t * H, cur = prev + H, xRow = xt * N, gRow = t * N, tRow = t * H;
    if (t === 0) preZr.fill(0); // h_{-1}·V = 0
    else {
      vecMat(h, prev, Vz, H, preZr, 0); // h_{t-1}·V_z
      vecMat(h, prev, Vr, H, preZr, H); // h_{t-1}·V_r
    }
    for (let j = 0; j < H; j++) {
      let pz = preZr[j]! + xU[xRow + j]!;
      let pr = preZr[H + j]! + xU[xRow + H + j]!;
      if (bias) {
        pz += p[bAt + j]!;
        pr += p[bAt + H + j]!;
      }
      const z = sigmoid(pz), r = sigmoid(pr);
      gates[gRow + j] = z;
      gates[gRow + H + j] = r;
      rh[tRow + j] = r * h[prev + j]!;
    }
    if (t === 0) preH.fill(0); // (r ⊙ h_{-1})·V_h = 0
    else vecMat(rh, tRow, Vh, H, preH, 0); // (r_t ⊙ h_{t-1})·V_h
    let zo = 0;
    for (let j = 0; j < H; j++) {
      let ph = preH[j]! + xU[xRow + 2 * H + j]!;
      if (bias) ph += p[bAt + 2 * H + j]!;
      const hc = tanh(ph);
      gates[gRow + 2 * H + j] = hc;
      const z = gates[gRow + j]!;
      const hj = (1 - z) * hc + z * h[prev + j]!; // h_t = (1 − z) ⊙ h̃ + z ⊙ h_{t-1}
      h[cur + j] = hj;
      zo += hj * p[wAt + j]!; // h_t·W
    }
    return this.output(t, zo); // o_t = sigmoid(h_t·W + b_o)
  }

  gateValues(t: number): Float64Array {
    return this.gates.subarray(t * 3 * this.H, (t + 1) * 3 * this.H);
  }

  backward(): void {
    const g = this.needGrads();
    const { H, L, h, x, gates, rh, dPre, dZr, dHc, dRh, direct, futureH, bias, bAt, wAt, vAt } = this;
    const p = this.params.flat;
    const N = 3 * H, LH = L * H;
    futureH.fill(0);
    for (let t = L - 1; t >= 0; t--) {
      const prev = t * H, cur = prev + H, gRow = t * N, tRow = t * H;
      const xt = x[t]!, x0 = xt >> 1, x1 = xt & 1;
      const d_o = this.outputDelta(g, t);
      for (let j = 0; j < H; j++) {
        g[wAt + j]! += h[cur + j]! * d_o; // dW += h_tᵀ·d_o
        const dh = d_o * p[wAt + j]! + futureH[j]!;
        const z = gates[gRow + j]!, hc = gates[gRow + 2 * H + j]!;
        const dz = dh * (h[prev + j]! - hc) * (z * (1 - z)); // ∂h_t/∂z = h_{t-1} − h̃
        const dhc = dh * (1 - z) * (1 - hc * hc);
        direct[j] = dh * z; // through z ⊙ h_{t-1}
        dZr[j] = dz;
        dPre[tRow + j] = dz;
        dPre[2 * LH + tRow + j] = dhc;
        dHc[j] = dhc;
      }
      // d(r ⊙ h_{t-1}) = d_pre_h·V_hᵀ; at t = 0, h_{-1} = 0 gives r no gradient and nothing flows further back.
      if (t > 0) rowDots(p, vAt + 2 * H * H, 1, H, dHc, dRh, 0);
      for (let j = 0; j < H; j++) {
        const r = gates[gRow + H + j]!;
        const dr = t > 0 ? dRh[j]! * h[prev + j]! * (r * (1 - r)) : 0;
        dZr[H + j] = dr;
        dPre[LH + tRow + j] = dr;
        for (let q = 0; q < 3; q++) {
          const d = dPre[q * LH + tRow + j]!;
          const u = q * 2 * H; // dU_g += x_tᵀ·d_pre_g
          if (x0) g[u + j]! += d;
          if (x1) g[u + H + j]! += d;
          if (bias) g[bAt + q * H + j]! += d;
        }
      }
      if (t > 0) {
        // futureH = [d_pre_z | d_pre_r]·[V_z | V_r]ᵀ + z ⊙ dh + r ⊙ d(r ⊙ h_{t-1})
        rowDots(p, vAt, 2, H, dZr, futureH, 0);
        for (let j = 0; j < H; j++) futureH[j] = futureH[j]! + direct[j]! + gates[gRow + H + j]! * dRh[j]!;
      }
    }
    // dV_z, dV_r += h_{t-1}ᵀ·d_pre; dV_h += (r_t ⊙ h_{t-1})ᵀ·d_pre_h (t = 0 adds nothing: h_{-1} = 0).
    addOuterProducts(this.dVOf[0]!, h, this.dPreOf[0]!, H, 1, L - 1);
    addOuterProducts(this.dVOf[1]!, h, this.dPreOf[1]!, H, 1, L - 1);
    addOuterProducts(this.dVOf[2]!, rh, this.dPreOf[2]!, H, 1, L - 1);
  }
}
