/**
 * One sample through the vanilla RNN, forward and back, keeping every
 * intermediate (ALGORITHM.md, "One training iteration", with the model's
 * activation and biases). It performs the training kernel's operations in the
 * kernel's order (kernel/jsRnnKernel.ts documents the order), so its gradients equal the
 * kernel's bit for bit; it trades the kernel's speed for plain loops that
 * read like the equations.
 */

import { activate, sigmoid } from '../activation';
import type { NetShape } from '../kernel/kernel';
import { bitAt, checkOperand } from '../task';
import { requireValidWeights, weightLayout, weightOf, type Weights } from '../weights';
import { norm } from './sampleTrace';
import type { VanillaStepTrace, VanillaTrace } from './sampleTrace';

/** Every intermediate of the pair (a, b)'s forward and backward pass through the vanilla RNN with these weights. */
export function traceVanillaSample(weights: Weights, shape: NetShape, a: number, b: number): VanillaTrace {
  requireValidWeights(weights, shape);
  checkOperand('a', a, shape.bits);
  checkOperand('b', b, shape.bits);
  const H = shape.hiddenSize, L = shape.bits, tanh = shape.activation === 'tanh';
  const { U, V, W, b_h, b_o } = vanillaViews(weights);
  const c = a + b;
  const steps: VanillaStepTrace[] = [];
  let loss = 0, squaredError = 0;

  // Forward, t = 0 … L−1, from h_{−1} = 0.
  let hPrev = new Float64Array(H);
  for (let t = 0; t < L; t++) {
    const x0 = bitAt(a, t), x1 = bitAt(b, t), y = bitAt(c, t);
    const preActivation = new Float64Array(H), h = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      let hV = 0; // h_{t−1}·V (nothing at t = 0)
      if (t > 0) for (let k = 0; k < H; k++) hV += hPrev[k]! * V[k * H + j]!;
      let pre = hV + (x0 * U[j]! + x1 * U[H + j]!); // + x_t·U
      if (b_h) pre += b_h[j]!; // + b_h
      preActivation[j] = pre;
      h[j] = activate(pre, tanh); // h_t = f(…)
    }
    let z = 0;
    for (let j = 0; j < H; j++) z += h[j]! * W[j]!; // h_t·W
    if (b_o) z += b_o[0]!;
    const output = sigmoid(z); // o_t = sigmoid(h_t·W + b_o)
    loss += Math.abs(output - y);
    squaredError += 0.5 * (output - y) ** 2;
    steps.push({
      t, x: [x0, x1], preActivation, h, output, target: y, error: output - y,
      outputDelta: 0, fromLaterSteps: new Float64Array(H), dLdh: new Float64Array(H), dLdhNorm: 0, hiddenDelta: new Float64Array(H), dUNorm: 0, dVNorm: 0, dWNorm: 0,
    });
    hPrev = h;
  }

  // Backward, t = L−1 … 0, from future = 0.
  const g = zeroGradients(shape);
  const { U: dU, V: dV, W: dW, b_h: db_h, b_o: db_o } = vanillaViews(g);
  let future = new Float64Array(H);
  for (let t = L - 1; t >= 0; t--) {
    const step = steps[t]!;
    const { h, dLdh, hiddenDelta } = step;
    const [x0, x1] = step.x;
    const ot = step.output;
    const d_o = (ot - step.target) * (ot * (1 - ot)); // d_o = (o_t − y_t)·o_t(1 − o_t)
    step.outputDelta = d_o;
    step.fromLaterSteps.set(future);
    if (db_o) db_o[0]! += d_o;
    for (let j = 0; j < H; j++) {
      const hj = h[j]!;
      dW[j]! += hj * d_o; // dW += h_tᵀ·d_o
      const d_h = d_o * W[j]! + future[j]!; // d_h = d_o·Wᵀ + future
      dLdh[j] = d_h;
      const d_hraw = d_h * (tanh ? 1 - hj * hj : hj * (1 - hj)); // d_hraw = d_h ⊙ f′(h_t)
      hiddenDelta[j] = d_hraw;
      if (x0) dU[j]! += d_hraw; // dU += x_tᵀ·d_hraw
      if (x1) dU[H + j]! += d_hraw;
      if (db_h) db_h[j]! += d_hraw;
    }
    if (t > 0) {
      const hBefore = steps[t - 1]!.h;
      for (let k = 0; k < H; k++) {
        for (let j = 0; j < H; j++) dV[k * H + j]! += hBefore[k]! * hiddenDelta[j]!; // dV += h_{t−1}ᵀ·d_hraw
      }
      const next = new Float64Array(H);
      for (let k = 0; k < H; k++) {
        let s = 0;
        for (let j = 0; j < H; j++) s += hiddenDelta[j]! * V[k * H + j]!; // future = d_hraw·Vᵀ
        next[k] = s;
      }
      future = next;
    }
    // The terms are outer products, so their Frobenius norms are products of vector norms.
    const deltaNorm = norm(hiddenDelta);
    step.dLdhNorm = norm(dLdh);
    step.dUNorm = Math.sqrt(x0 + x1) * deltaNorm;
    step.dVNorm = t > 0 ? norm(steps[t - 1]!.h) * deltaNorm : 0;
    step.dWNorm = norm(h) * Math.abs(d_o);
  }
  return { cell: 'vanilla', a, b, bits: L, hiddenSize: H, steps, loss, squaredError, gradients: g };
}

/**
 * The terms that step t adds to each gradient (dU: x_tᵀ·d_hraw, dV: h_{t−1}ᵀ·d_hraw,
 * dW: h_tᵀ·d_o, db_h: d_hraw, db_o: d_o); over all steps they sum to trace.gradients.
 */
export function vanillaStepTerms(trace: VanillaTrace, t: number): Weights {
  const H = trace.hiddenSize;
  const step = trace.steps[t];
  if (!step) throw new RangeError(`step must be an integer from 0 to ${trace.bits - 1}; got ${t}`);
  const shape = { hiddenSize: H, bias: trace.gradients.b_h !== undefined };
  const terms = zeroGradients(shape);
  const { U: tU, V: tV, W: tW, b_h: tb_h, b_o: tb_o } = vanillaViews(terms);
  const delta = step.hiddenDelta;
  const hBefore = t > 0 ? trace.steps[t - 1]!.h : new Float64Array(H);
  for (let j = 0; j < H; j++) {
    tU[j] = step.x[0] * delta[j]!;
    tU[H + j] = step.x[1] * delta[j]!;
    tW[j] = step.h[j]! * step.outputDelta;
    if (tb_h) tb_h[j] = delta[j]!;
  }
  for (let k = 0; k < H; k++) for (let j = 0; j < H; j++) tV[k * H + j] = hBefore[k]! * delta[j]!;
  if (tb_o) tb_o[0] = step.outputDelta;
  return terms;
}

/** The vanilla cell's weights by name (the biases null when off). */
function vanillaViews(weights: Weights) {
  return {
    U: weightOf(weights, 'U').data,
    V: weightOf(weights, 'V').data,
    W: weightOf(weights, 'W').data,
    b_h: weights.b_h?.data ?? null,
    b_o: weights.b_o?.data ?? null,
  };
}

function zeroGradients(shape: Pick<NetShape, 'hiddenSize' | 'bias'>): Weights {
  const out: Weights = {};
  for (const { name, shape: [rows, cols] } of weightLayout(shape)) out[name] = { shape: [rows, cols], data: new Float64Array(rows * cols) };
  return out;
}
