/**
 * The LSTM cell with ONNX's gate order i, o, f, c and no peepholes, forward
 * and back (BPTT) on flat Float64Arrays with no allocation per iteration:
 *
 *   i_t = σ(x_t·U_i + h_{t-1}·V_i + b_hi)      o_t = σ(x_t·U_o + h_{t-1}·V_o + b_ho)
 *   f_t = σ(x_t·U_f + h_{t-1}·V_f + b_hf)      c̃_t = tanh(x_t·U_c + h_{t-1}·V_c + b_hc)
 *   c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t            h_t = o_t ⊙ tanh(c_t)
 *   out_t = σ(h_t·W + b_o)
 *
 * Summation orders (part of the contract, as in jsRnnKernel.ts):
 *   pre_g[j] = ((Σ_k h_{t-1}[k]·V_g[k][j], k ascending) + (x0·U_g[0][j] + x1·U_g[1][j])) + b_hg[j]
 *   c_t[j]   = f·c_{t-1}[j] + i·c̃
 *   z_t      = (Σ_j h_t[j]·W[j], j ascending) + b_o
 *   futureH[k] = Σ_g Σ_j V_g[k][j]·d_pre_g[j], g then j ascending
 */

import { sigmoid, tanh } from '../activation';
import { GatedKernel } from './gatedKernel';
import type { NetShape } from './kernel';
import { addOuterProducts, vecMat } from './matrixLoops';
import { rowDots } from './wideLoops';

export class LstmKernel extends GatedKernel {
  readonly cell = 'lstm' as const;
  override readonly c: Float64Array;
  /** V_i, V_o, V_f, V_c: views of the parameters. */
  private readonly VOf: Float64Array[];
  /** The gates' values i, o, f, c̃ of every step: row t is [i | o | f | c̃], L×4H. */
  private readonly gates: Float64Array;
  /** tanh(c_t), row t, L×H. */
  private readonly tc: Float64Array;
  /** Pre-activation sums of one step (4H), [i | o | f | c̃], then their gradient. */
  private readonly pre: Float64Array;
  /** The gradient reaching c_t from the steps after t, during the backward pass. */
  private readonly futureC: Float64Array;

  constructor(shape: NetShape, withGradients: boolean) {
    super('lstm', shape, withGradients);
    const { H, L } = this;
    this.c = new Float64Array((L + 1) * H);
    this.VOf = [0, 1, 2, 3].map((g) => this.params.flat.subarray(this.vAt + g * H * H, this.vAt + (g + 1) * H * H));
    this.gates = new Float64Array(L * 4 * H);
    this.tc = new Float64Array(L * H);
    this.pre = new Float64Array(4 * H);
    this.futureC = new Float64Array(H);
    this.loadWeights();
  }

  step(t: number, xt: number): number {
    const { H, h, c, xU, VOf, gates, tc, pre, bias, bAt, wAt } = this;
    const p = this.params.flat;
    const N = 4 * H;
    const prev = t * H, cur = prev + H, xRow = xt * N, gRow = t * N, tRow = t * H;
    if (t === 0) pre.fill(0); // h_{-1}·V_g = 0
    else for (let g = 0; g < 4; g++) vecMat(h, prev, VOf[g]!, H, pre, g * H); // h_{t-1}·V_g
    let z = 0;
    for (let j = 0; j < H; j++) {
      let pi = pre[j]! + xU[xRow + j]!;
      let po = pre[H + j]! + xU[xRow + H + j]!;
      let pf = pre[2 * H + j]! + xU[xRow + 2 * H + j]!;
      let pc = pre[3 * H + j]! + xU[xRow + 3 * H + j]!;
      if (bias) {
        pi += p[bAt + j]!;
        po += p[bAt + H + j]!;
        pf += p[bAt + 2 * H + j]!;
        pc += p[bAt + 3 * H + j]!;
      }
      const i = sigmoid(pi), og = sigmoid(po), f = sigmoid(pf), cc = tanh(pc);
      gates[gRow + j] = i;
      gates[gRow + H + j] = og;
      gates[gRow + 2 * H + j] = f;
      gates[gRow + 3 * H + j] = cc;
      const ct = f * c[prev + j]! + i * cc; // c_t = f ⊙ c_{t-1} + i ⊙ c̃
      c[cur + j] = ct;
      const tct = tanh(ct);
      tc[tRow + j] = tct;
      const hj = og * tct; // h_t = o ⊙ tanh(c_t)
      h[cur + j] = hj;
      z += hj * p[wAt + j]!; // h_t·W
    }
    return this.output(t, z); // o_t = sigmoid(h_t·W + b_o)
  }

  gateValues(t: number): Float64Array {
    return this.gates.subarray(t * 4 * this.H, (t + 1) * 4 * this.H);
  }

  backward(): void {
    const g = this.needGrads();
    const { H, L, h, c, x, gates, tc, pre: dRow, dPre, futureH, futureC, bias, bAt, wAt, vAt } = this;
    const p = this.params.flat;
    const N = 4 * H, LH = L * H;
    futureH.fill(0);
    futureC.fill(0);
    for (let t = L - 1; t >= 0; t--) {
      const prev = t * H, cur = prev + H, gRow = t * N, tRow = t * H;
      const xt = x[t]!, x0 = xt >> 1, x1 = xt & 1;
      const d_o = this.outputDelta(g, t);
      for (let j = 0; j < H; j++) {
        g[wAt + j]! += h[cur + j]! * d_o; // dW += h_tᵀ·d_o
        const dh = d_o * p[wAt + j]! + futureH[j]!;
        const i = gates[gRow + j]!, og = gates[gRow + H + j]!, f = gates[gRow + 2 * H + j]!, cc = gates[gRow + 3 * H + j]!;
        const tct = tc[tRow + j]!;
        const dc = dh * og * (1 - tct * tct) + futureC[j]!; // through h_t = o ⊙ tanh(c_t), plus from c_{t+1}
        const di = dc * cc * (i * (1 - i));
        const dog = dh * tct * (og * (1 - og));
        const df = dc * c[prev + j]! * (f * (1 - f));
        const dcc = dc * i * (1 - cc * cc);
        futureC[j] = dc * f; // ∂c_t/∂c_{t-1} = f
        dRow[j] = di;
        dRow[H + j] = dog;
        dRow[2 * H + j] = df;
        dRow[3 * H + j] = dcc;
        dPre[tRow + j] = di;
        dPre[LH + tRow + j] = dog;
        dPre[2 * LH + tRow + j] = df;
        dPre[3 * LH + tRow + j] = dcc;
        // dU_g += x_tᵀ·d_pre_g (U_g's rows at g·2H and g·2H + H)
        if (x0) {
          g[j]! += di;
          g[2 * H + j]! += dog;
          g[4 * H + j]! += df;
          g[6 * H + j]! += dcc;
        }
        if (x1) {
          g[H + j]! += di;
          g[3 * H + j]! += dog;
          g[5 * H + j]! += df;
          g[7 * H + j]! += dcc;
        }
        if (bias) {
          g[bAt + j]! += di;
          g[bAt + H + j]! += dog;
          g[bAt + 2 * H + j]! += df;
          g[bAt + 3 * H + j]! += dcc;
        }
      }
      // futureH = Σ_g d_pre_g·V_gᵀ (no step before t = 0 needs it)
      if (t > 0) rowDots(p, vAt, 4, H, dRow, futureH, 0);
    }
    // dV_g += h_{t-1}ᵀ·d_pre_g for every step (t = 0 adds nothing: h_{-1} = 0).
    for (let q = 0; q < 4; q++) addOuterProducts(this.dVOf[q]!, h, this.dPreOf[q]!, H, 1, L - 1);
  }
}
