/**
 * One sample through the GRU, forward and back, keeping every intermediate
 * (kernel/gruKernel.ts has the equations and their summation order). The
 * forward pass and the gradients are the kernel's own (gatedTrace.ts); the
 * backward intermediates are computed as the kernel computes them:
 *
 *   ∂L/∂h_t = d_o·Wᵀ + [δ_z | δ_r](t+1)·[V_z | V_r]ᵀ + z_{t+1} ⊙ ∂L/∂h_{t+1} + r_{t+1} ⊙ (δ_h(t+1)·V_hᵀ)
 *   δ_z = ∂L/∂h_t ⊙ (h_{t−1} − h̃) ⊙ z(1 − z)   δ_h = ∂L/∂h_t ⊙ (1 − z) ⊙ (1 − h̃²)
 *   δ_r = (δ_h·V_hᵀ) ⊙ h_{t−1} ⊙ r(1 − r)
 */

import type { NetShape } from '../kernel/kernel';
import { rowDots } from '../kernel/wideLoops';
import type { Weights } from '../weights';
import { backwardParts, finishStep, forwardStep, gatePreActivation, gateTrace, gatedPass, gatedStepTerms, passGradients, squaredErrorOf } from './gatedTrace';
import type { GruStepTrace, GruTrace } from './sampleTrace';

/** Every intermediate of the pair (a, b)'s forward and backward pass through the GRU with these weights. */
export function traceGruSample(weights: Weights, shape: NetShape, a: number, b: number): GruTrace {
  const pass = gatedPass('gru', weights, shape, a, b);
  const { kernel, H, L } = pass;
  const steps: GruStepTrace[] = [];

  // Forward, as the kernel's steps left it: the gates, what the candidate reads, the state and the output.
  for (let t = 0; t < L; t++) {
    const base = forwardStep(pass, a, b, t);
    const hPrev = t > 0 ? steps[t - 1]!.h : null;
    const [x0, x1] = base.x;
    const z = gateTrace(pass, 0, t, gatePreActivation(pass, 0, hPrev, x0, x1));
    const r = gateTrace(pass, 1, t, gatePreActivation(pass, 1, hPrev, x0, x1));
    const resetHidden = hPrev ? hPrev.map((hk, k) => r.value[k]! * hk) : new Float64Array(H);
    const h = gateTrace(pass, 2, t, gatePreActivation(pass, 2, hPrev ? resetHidden : null, x0, x1));
    steps.push({ ...base, ...backwardParts(H), gates: { z, r, h }, resetHidden, dResetHidden: new Float64Array(H) });
  }

  // Backward, t = L−1 … 0: what flows into h_{t−1} from step t, as the kernel passes it on.
  let fromLater = new Float64Array(H);
  const zr = new Float64Array(2 * H);
  for (let t = L - 1; t >= 0; t--) {
    const step = steps[t]!;
    const hPrev = t > 0 ? steps[t - 1]!.h : null;
    finishStep(pass, step, fromLater, [hPrev, hPrev, hPrev ? step.resetHidden : null]);
    if (t === 0) break;
    const { z, r, h } = step.gates;
    // d(r ⊙ h_{t−1}) = δ_h·V_hᵀ; then [δ_z | δ_r]·[V_z | V_r]ᵀ + z ⊙ ∂L/∂h_t + r ⊙ d(r ⊙ h_{t−1}).
    const dRh = step.dResetHidden;
    rowDots(kernel.params.flat, pass.vAt + 2 * H * H, 1, H, h.delta, dRh, 0);
    zr.set(z.delta, 0);
    zr.set(r.delta, H);
    const next = new Float64Array(H);
    rowDots(kernel.params.flat, pass.vAt, 2, H, zr, next, 0);
    for (let j = 0; j < H; j++) next[j] = next[j]! + step.dLdh[j]! * z.value[j]! + r.value[j]! * dRh[j]!;
    fromLater = next;
  }
  return { cell: 'gru', a, b, bits: L, hiddenSize: H, steps, loss: pass.loss, squaredError: squaredErrorOf(steps), gradients: passGradients(pass, shape, 'gru') };
}

/** The terms step t adds to each gradient; over all steps, from the last to the first, they sum to trace.gradients. */
export function gruStepTerms(trace: GruTrace, t: number): Weights {
  const step = trace.steps[t];
  const hPrev = t > 0 ? trace.steps[t - 1]!.h : null;
  return gatedStepTerms(trace, t, [hPrev, hPrev, hPrev && step ? step.resetHidden : null]);
}
