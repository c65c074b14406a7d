/**
 * What the LSTM's and the GRU's traces share. Both read the cell's own step:
 * the pair runs through the JavaScript kernel of the cell (the training
 * step's operations in the training step's order; the WebAssembly kernel
 * gives the same bits), its backward pass leaves the gradient and every
 * gate's delta, and the trace reads them off and adds what the kernel keeps
 * only in registers (pre-activations, ∂L/∂h_t), computed with the same
 * expressions and the same loops, so every number is the training step's.
 */

import type { Cell } from '../config';
import { GruKernel } from '../kernel/gruKernel';
import type { GatedKernel } from '../kernel/gatedKernel';
import type { NetShape } from '../kernel/kernel';
import { LstmKernel } from '../kernel/lstmKernel';
import { vecMat } from '../kernel/matrixLoops';
import { loadParams, paramsToWeights } from '../parameters';
import { bitAt, checkOperand } from '../task';
import { CELL_GATES, gateWeightNames, requireValidWeights, weightLayout, weightOf, type Weights } from '../weights';
import type { GateTrace, GatedStepTrace, GruTrace, LstmTrace, StepTrace } from './sampleTrace';
import { norm } from './sampleTrace';

export type GatedCell = Exclude<Cell, 'rnn'>;

/** A gated cell's pass over one pair: the kernel after forward and backward, with its views by name. */
export interface GatedPass {
  kernel: GatedKernel;
  H: number;
  L: number;
  /** The L1 loss the forward pass returned. */
  loss: number;
  /** The gate letters in the cell's order. */
  gates: readonly string[];
  U: Float64Array[];
  V: Float64Array[];
  /** The gates' biases, or null without biases. */
  bh: Float64Array[] | null;
  W: Float64Array;
  /** Where V of the first gate starts in the flat parameters (the gates' V's follow one another). */
  vAt: number;
}

/** Runs a + b through the cell's kernel forward and back, from these weights. */
export function gatedPass(cell: GatedCell, weights: Weights, shape: NetShape, a: number, b: number): GatedPass {
  const cellShape = { ...shape, cell };
  requireValidWeights(weights, cellShape);
  checkOperand('a', a, shape.bits);
  checkOperand('b', b, shape.bits);
  const kernel = cell === 'lstm' ? new LstmKernel(cellShape, true) : new GruKernel(cellShape, true);
  loadParams(kernel.params, weights);
  kernel.beginIteration();
  const loss = kernel.forward(a, b);
  kernel.backward();
  const names = gateWeightNames(cell);
  const views = kernel.params.views;
  const flat = kernel.params.flat;
  return {
    kernel,
    H: kernel.H,
    L: kernel.L,
    loss,
    gates: CELL_GATES[cell],
    U: names.U.map((n) => views[n]!),
    V: names.V.map((n) => views[n]!),
    bh: shape.bias ? names.b.map((n) => views[n]!) : null,
    W: views.W!,
    vAt: (views[names.V[0]!]!.byteOffset - flat.byteOffset) / 8,
  };
}

/** The pre-activation of gate g at step t from the state s it reads: ((s·V_g) + (x0·U_g[0] + x1·U_g[1])) + b_g, as the kernel sums it. */
export function gatePreActivation(pass: GatedPass, g: number, s: Float64Array | null, x0: number, x1: number): Float64Array {
  const { H } = pass;
  const out = new Float64Array(H);
  if (s) vecMat(s, 0, pass.V[g]!, H, out, 0); // s·V_g (nothing before step 0)
  const U = pass.U[g]!, b = pass.bh?.[g];
  for (let j = 0; j < H; j++) {
    let pre = out[j]! + (x0 * U[j]! + x1 * U[H + j]!); // + x_t·U_g
    if (b) pre += b[j]!;
    out[j] = pre;
  }
  return out;
}

/** The parts of step t every cell has, forward: x_t, h_t, o_t and the target; the backward parts follow. */
export function forwardStep(pass: GatedPass, a: number, b: number, t: number): Omit<StepTrace, 'outputDelta' | 'fromLaterSteps' | 'dLdh' | 'dLdhNorm' | 'dUNorm' | 'dVNorm' | 'dWNorm'> {
  const { kernel, H } = pass;
  const output = kernel.o[t]!;
  const target = bitAt(a + b, t);
  return { t, x: [bitAt(a, t), bitAt(b, t)], h: kernel.h.slice((t + 1) * H, (t + 2) * H), output, target, error: output - target };
}

/** Gate g of step t: its pre-activation, its value (the kernel's own) and its delta (the kernel's own). */
export function gateTrace(pass: GatedPass, g: number, t: number, preActivation: Float64Array): GateTrace {
  const { H } = pass;
  const value = pass.kernel.gateValues(t).slice(g * H, (g + 1) * H);
  return { preActivation, value, delta: pass.kernel.gateDeltas(g, t).slice(), dUNorm: 0, dVNorm: 0 };
}

/**
 * The backward parts of step t common to the cells: d_o, what flows in from
 * later steps and ∂L/∂h_t (d_o·Wᵀ + fromLater, as the kernel sums it), and
 * the norms of the step's terms (outer products, so products of vector norms).
 * `read[g]` is what gate g's V multiplies at this step (null at t = 0).
 */
export function finishStep<Gate extends string>(pass: GatedPass, step: GatedStepTrace<Gate>, fromLater: Float64Array, read: (Float64Array | null)[]): void {
  const { H, W } = pass;
  const ot = step.output;
  const d_o = (ot - step.target) * (ot * (1 - ot));
  step.outputDelta = d_o;
  step.fromLaterSteps = fromLater.slice();
  for (let j = 0; j < H; j++) step.dLdh[j] = d_o * W[j]! + fromLater[j]!;
  step.dLdhNorm = norm(step.dLdh);
  const inputs = Math.sqrt(step.x[0] + step.x[1]);
  let u2 = 0, v2 = 0;
  (Object.values(step.gates) as GateTrace[]).forEach((gate, g) => {
    const deltaNorm = norm(gate.delta);
    gate.dUNorm = inputs * deltaNorm;
    gate.dVNorm = read[g] ? norm(read[g]!) * deltaNorm : 0;
    u2 += gate.dUNorm ** 2;
    v2 += gate.dVNorm ** 2;
  });
  step.dUNorm = Math.sqrt(u2);
  step.dVNorm = Math.sqrt(v2);
  step.dWNorm = norm(step.h) * Math.abs(d_o);
}

/** The empty backward parts of a step, filled in by finishStep. */
export function backwardParts(H: number) {
  return { outputDelta: 0, fromLaterSteps: new Float64Array(H), dLdh: new Float64Array(H), dLdhNorm: 0, dUNorm: 0, dVNorm: 0, dWNorm: 0 };
}

/** The loss the gradient descends, Σ_t ½(o_t − y_t)². */
export function squaredErrorOf(steps: readonly StepTrace[]): number {
  let sum = 0;
  for (const s of steps) sum += 0.5 * (s.output - s.target) ** 2;
  return sum;
}

/** The kernel's gradient as weights (a copy). */
export function passGradients(pass: GatedPass, shape: NetShape, cell: GatedCell): Weights {
  return paramsToWeights(pass.kernel.grads!, { ...shape, cell });
}

/**
 * The terms step t of a gated trace adds to each gradient (dU_g: x_tᵀ·δ_g,
 * dV_g: sᵀ·δ_g with s what V_g read, dW: h_tᵀ·d_o, db_g: δ_g, db_o: d_o);
 * summed over the steps from the last to the first, they give trace.gradients
 * bit for bit, as the kernel adds them.
 */
export function gatedStepTerms(trace: LstmTrace | GruTrace, t: number, read: (Float64Array | null)[]): Weights {
  const H = trace.hiddenSize;
  const step = trace.steps[t];
  if (!step) throw new RangeError(`step must be an integer from 0 to ${trace.bits - 1}; got ${t}`);
  const bias = trace.gradients.b_o !== undefined;
  const terms: Weights = {};
  for (const { name, shape } of weightLayout({ hiddenSize: H, bias, cell: trace.cell })) terms[name] = { shape: [shape[0], shape[1]], data: new Float64Array(shape[0] * shape[1]) };
  const names = gateWeightNames(trace.cell);
  (Object.values(step.gates) as GateTrace[]).forEach((gate, g) => {
    const tU = weightOf(terms, names.U[g]!).data, tV = weightOf(terms, names.V[g]!).data;
    const s = read[g];
    for (let j = 0; j < H; j++) {
      tU[j] = step.x[0] * gate.delta[j]!;
      tU[H + j] = step.x[1] * gate.delta[j]!;
      if (bias) terms[names.b[g]!]!.data[j] = gate.delta[j]!;
    }
    if (s) for (let k = 0; k < H; k++) for (let j = 0; j < H; j++) tV[k * H + j] = s[k]! * gate.delta[j]!;
  });
  const tW = weightOf(terms, 'W').data;
  for (let j = 0; j < H; j++) tW[j] = step.h[j]! * step.outputDelta;
  if (bias) terms.b_o!.data[0] = step.outputDelta;
  return terms;
}
