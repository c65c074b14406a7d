/**
 * What one sample's forward and backward pass computes, step by step: the
 * record that the studio's walk-through, the gradient-flow view and
 * `cli inspect` all read. Every number shown about a sample comes from here.
 *
 * Each cell kind has its own trace type (its own intermediates per step: the
 * vanilla cell's pre-activation, the gated cells' gates) that extends the
 * common parts below; `SampleTrace` is the union of them all, told apart by `cell`.
 */

import type { Weights } from '../weights';

/** What every cell computes at step t (t = 0 is the least significant bit). */
export interface StepTrace {
  t: number;
  /** x_t = [bit t of a, bit t of b]. */
  x: [number, number];
  /** The hidden state h_t (1×H). */
  h: Float64Array;
  /** The output o_t = sigmoid(h_t·W + b_o). */
  output: number;
  /** y_t, bit t of a + b. */
  target: number;
  /** o_t − y_t. */
  error: number;
  /** d_o = (o_t − y_t)·o_t(1 − o_t), the gradient of ½(o_t − y_t)² at the output's pre-activation. */
  outputDelta: number;
  /** What flows back into h_t from step t+1 (the "future" term; zero at the last step). */
  fromLaterSteps: Float64Array;
  /** ∂L/∂h_t = d_o·Wᵀ + fromLaterSteps, with L = Σ_t ½(o_t − y_t)². */
  dLdh: Float64Array;
  /** ‖∂L/∂h_t‖. */
  dLdhNorm: number;
  /** Frobenius norms of this step's terms of the BPTT sums for the input weights (U), the recurrent weights (V) and the output weights (W). */
  dUNorm: number;
  dVNorm: number;
  dWNorm: number;
}

/** The vanilla cell's step: h_t = f(x_t·U + h_{t−1}·V + b_h). */
export interface VanillaStepTrace extends StepTrace {
  /** x_t·U + h_{t−1}·V + b_h, before the activation f. */
  preActivation: Float64Array;
  /** d_hraw = ∂L/∂h_t ⊙ f′, the gradient at the pre-activation (what dU, dV and db_h add up). */
  hiddenDelta: Float64Array;
}

/** What every cell's trace holds about the whole sample. */
export interface TraceCommon<Step extends StepTrace> {
  a: number;
  b: number;
  bits: number;
  hiddenSize: number;
  /** One entry per step, least significant first. */
  steps: Step[];
  /** The reported loss Σ_t |o_t − y_t|. */
  loss: number;
  /** The loss the gradient descends, Σ_t ½(o_t − y_t)². */
  squaredError: number;
  /** The gradient of squaredError for this one sample, as the training step adds it up (same operations, same order). */
  gradients: Weights;
}

export interface VanillaTrace extends TraceCommon<VanillaStepTrace> {
  cell: 'vanilla';
}

/** One gate of a gated cell at one step. */
export interface GateTrace {
  /** The gate's pre-activation x_t·U_g + s·V_g + b_g, with s = h_{t−1} (r_t ⊙ h_{t−1} for the GRU's candidate h̃). */
  preActivation: Float64Array;
  /** σ(pre) for a gate, tanh(pre) for a candidate (the LSTM's c̃, the GRU's h̃). */
  value: Float64Array;
  /** ∂L/∂pre, the gradient at the pre-activation: what step t adds to dU_g (x_tᵀ·δ), dV_g (sᵀ·δ) and db_g (δ). */
  delta: Float64Array;
  /** Frobenius norms of this step's terms of dU_g and dV_g. */
  dUNorm: number;
  dVNorm: number;
}

/**
 * What the LSTM and GRU compute at step t beyond every cell's parts. For
 * them dUNorm and dVNorm are the norms over all the gates' terms together.
 */
export interface GatedStepTrace<Gate extends string> extends StepTrace {
  /** Each gate by its letter, in the cell's order (ONNX's). */
  gates: Record<Gate, GateTrace>;
}

/** The LSTM's step: i, o, f = σ(…), c̃ = tanh(…), c_t = f ⊙ c_{t−1} + i ⊙ c̃, h_t = o ⊙ tanh(c_t). */
export interface LstmStepTrace extends GatedStepTrace<'i' | 'o' | 'f' | 'c'> {
  /** The cell state c_t. */
  c: Float64Array;
  /** tanh(c_t). */
  tanhC: Float64Array;
  /** What flows back into c_t from step t+1, ∂L/∂c_{t+1} ⊙ f_{t+1} (zero at the last step). */
  fromLaterC: Float64Array;
  /** ∂L/∂c_t = ∂L/∂h_t ⊙ o ⊙ (1 − tanh²(c_t)) + fromLaterC. */
  dLdc: Float64Array;
  /** ‖∂L/∂c_t‖. */
  dLdcNorm: number;
}

/** The GRU's step: z, r = σ(…), h̃ = tanh(x·U_h + (r ⊙ h_{t−1})·V_h + b_hh), h_t = (1 − z) ⊙ h̃ + z ⊙ h_{t−1}. */
export interface GruStepTrace extends GatedStepTrace<'z' | 'r' | 'h'> {
  /** r_t ⊙ h_{t−1}: what the candidate reads of the old state. */
  resetHidden: Float64Array;
  /** ∂L/∂(r_t ⊙ h_{t−1}) = δ_h·V_hᵀ: what reaches the reset gate and, through it, the old state (zero at step 0). */
  dResetHidden: Float64Array;
}

export interface LstmTrace extends TraceCommon<LstmStepTrace> {
  cell: 'lstm';
}

export interface GruTrace extends TraceCommon<GruStepTrace> {
  cell: 'gru';
}

/** A sample's trace, whichever cell computed it. */
export type SampleTrace = VanillaTrace | LstmTrace | GruTrace;

/** The Euclidean norm of a vector. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}
