/**
 * One sample through the LSTM, forward and back, keeping every intermediate
 * (kernel/lstmKernel.ts has the equations and their summation order). The
 * forward pass and the gradients are the kernel's own (gatedTrace.ts); the
 * backward intermediates are computed as the kernel computes them:
 *
 *   ∂L/∂h_t = d_o·Wᵀ + Σ_g δ_g(t+1)·V_gᵀ          ∂L/∂c_t = ∂L/∂h_t ⊙ o ⊙ (1 − tanh²c_t) + ∂L/∂c_{t+1} ⊙ f_{t+1}
 *   δ_i = ∂L/∂c_t ⊙ c̃ ⊙ i(1 − i)   δ_o = ∂L/∂h_t ⊙ tanh c_t ⊙ o(1 − o)
 *   δ_f = ∂L/∂c_t ⊙ c_{t−1} ⊙ f(1 − f)   δ_c = ∂L/∂c_t ⊙ i ⊙ (1 − c̃²)
 */

import { tanh } from '../activation';
import type { NetShape } from '../kernel/kernel';
import { rowDots } from '../kernel/wideLoops';
import type { Weights } from '../weights';
import { backwardParts, finishStep, forwardStep, gatePreActivation, gateTrace, gatedPass, gatedStepTerms, passGradients, squaredErrorOf } from './gatedTrace';
import type { LstmStepTrace, LstmTrace } from './sampleTrace';
import { norm } from './sampleTrace';

/** Every intermediate of the pair (a, b)'s forward and backward pass through the LSTM with these weights. */
export function traceLstmSample(weights: Weights, shape: NetShape, a: number, b: number): LstmTrace {
  const pass = gatedPass('lstm', weights, shape, a, b);
  const { kernel, H, L } = pass;
  const cState = kernel.c!;
  const steps: LstmStepTrace[] = [];

  // Forward, as the kernel's steps left it: gates, cell state, hidden state and output.
  for (let t = 0; t < L; t++) {
    const base = forwardStep(pass, a, b, t);
    const hPrev = t > 0 ? steps[t - 1]!.h : null;
    const [x0, x1] = base.x;
    const gates = {
      i: gateTrace(pass, 0, t, gatePreActivation(pass, 0, hPrev, x0, x1)),
      o: gateTrace(pass, 1, t, gatePreActivation(pass, 1, hPrev, x0, x1)),
      f: gateTrace(pass, 2, t, gatePreActivation(pass, 2, hPrev, x0, x1)),
      c: gateTrace(pass, 3, t, gatePreActivation(pass, 3, hPrev, x0, x1)),
    };
    const c = cState.slice((t + 1) * H, (t + 2) * H);
    steps.push({ ...base, ...backwardParts(H), gates, c, tanhC: c.map(tanh), fromLaterC: new Float64Array(H), dLdc: new Float64Array(H), dLdcNorm: 0 });
  }

  // Backward, t = L−1 … 0: what flows into h_t and c_t from later steps, as the kernel passes it on.
  let fromLaterH = new Float64Array(H);
  let fromLaterC = new Float64Array(H);
  const deltaRow = new Float64Array(4 * H);
  for (let t = L - 1; t >= 0; t--) {
    const step = steps[t]!;
    const hPrev = t > 0 ? steps[t - 1]!.h : null;
    finishStep(pass, step, fromLaterH, [hPrev, hPrev, hPrev, hPrev]);
    const { o, f } = step.gates;
    step.fromLaterC = fromLaterC;
    for (let j = 0; j < H; j++) {
      const tct = step.tanhC[j]!;
      step.dLdc[j] = step.dLdh[j]! * o.value[j]! * (1 - tct * tct) + fromLaterC[j]!;
    }
    step.dLdcNorm = norm(step.dLdc);
    fromLaterC = step.dLdc.map((dc, j) => dc * f.value[j]!);
    if (t > 0) {
      // Σ_g δ_g·V_gᵀ, the kernel's rowDots over the gates side by side.
      ['i', 'o', 'f', 'c'].forEach((g, q) => deltaRow.set(step.gates[g as 'i'].delta, q * H));
      fromLaterH = new Float64Array(H);
      rowDots(kernel.params.flat, pass.vAt, 4, H, deltaRow, fromLaterH, 0);
    }
  }
  return { cell: 'lstm', a, b, bits: L, hiddenSize: H, steps, loss: pass.loss, squaredError: squaredErrorOf(steps), gradients: passGradients(pass, shape, 'lstm') };
}

/** The terms step t adds to each gradient; over all steps, from the last to the first, they sum to trace.gradients. */
export function lstmStepTerms(trace: LstmTrace, t: number): Weights {
  const hPrev = t > 0 ? trace.steps[t - 1]!.h : null;
  return gatedStepTerms(trace, t, [hPrev, hPrev, hPrev, hPrev]);
}
