/**
 * The inspection trace computes what training computes: its gradients equal
 * the training kernel's (createKernel: WebAssembly where the engine has it) bit for
 * bit, its forward pass equals the kernel's forward pass, its per-step terms
 * add up to the gradient, and the gradient matches finite differences of the
 * squared error it claims to be the gradient of.
 */

import { describe, expect, it } from 'vitest';
import { tanh } from '@shared/rnn/activation';
import { loadParams } from '@shared/rnn/parameters';
import { createKernel, createRandom, initWeights, resolveConfig, weightNames } from '@shared/rnn';
import type { NetShape, TrainConfig, Weights } from '@shared/rnn';
import { stepTerms, traceSample, type VanillaTrace } from '@shared/rnn/inspect';
import { expectFiniteDifferences } from '../finiteDifferences';
import { forwardOracle, toPlain } from '../oracle';

const shapes = (['sigmoid', 'tanh'] as const).flatMap((activation) =>
  [false, true].flatMap((bias) =>
    [
      { bits: 8, hiddenSize: 16 },
      { bits: 5, hiddenSize: 7 },
      { bits: 11, hiddenSize: 9 },
      { bits: 3, hiddenSize: 1 },
    ].map((size) => ({ activation, bias, ...size })),
  ),
);

function configOf(shape: NetShape, seed = 7): TrainConfig {
  return resolveConfig({ bits: shape.bits, hiddenSize: shape.hiddenSize, activation: shape.activation, bias: shape.bias, seed });
}

/** Initial weights with non-zero biases, scaled so that units neither saturate nor sit still. */
function weightsFor(config: TrainConfig, scale = 0.8): Weights {
  const rng = createRandom('xoshiro', config.seed);
  const w = initWeights(config, rng);
  for (const name of weightNames(config)) {
    const d = w[name]!.data;
    for (let i = 0; i < d.length; i++) d[i] = name === 'b_h' || name === 'b_o' ? rng.randn() * 0.3 : d[i]! * scale;
  }
  return w;
}

function pairsFor(bits: number): [number, number][] {
  const limit = 2 ** (bits - 1);
  return [[0, 0], [limit - 1, limit - 1], [Math.floor(limit / 3), limit - 1 - Math.floor(limit / 5)], [1, Math.floor(limit / 2)]];
}

/** The training kernel's gradient for one sample, as a training iteration leaves it. */
function kernelGradient(weights: Weights, shape: NetShape, a: number, b: number): { grads: Record<string, Float64Array>; loss: number; h: Float64Array; o: Float64Array } {
  const kernel = createKernel(shape, true);
  loadParams(kernel.params, weights);
  kernel.beginIteration();
  const loss = kernel.sample(a, b);
  const grads: Record<string, Float64Array> = {};
  for (const name of weightNames(shape)) grads[name] = new Float64Array(kernel.grads!.views[name]!);
  return { grads, loss, h: new Float64Array(kernel.h), o: new Float64Array(kernel.o) };
}

describe('the trace equals the training kernel', () => {
  it.each(shapes)('$activation, biases $bias, $bits bits, H $hiddenSize: gradients, loss and states bit for bit', (shape) => {
    const config = configOf(shape);
    const weights = weightsFor(config);
    for (const [a, b] of pairsFor(shape.bits)) {
      const trace = traceSample(weights, config, a, b);
      const kernel = kernelGradient(weights, config, a, b);
      for (const name of weightNames(config)) {
        expect(trace.gradients[name]!.shape).toEqual(weights[name]!.shape);
        expect(Array.from(trace.gradients[name]!.data), `${name} for ${a} + ${b}`).toEqual(Array.from(kernel.grads[name]!));
      }
      expect(trace.loss).toBe(kernel.loss);
      for (const step of trace.steps) {
        expect(step.output).toBe(kernel.o[step.t]);
        expect(Array.from(step.h)).toEqual(Array.from(kernel.h.subarray((step.t + 1) * shape.hiddenSize, (step.t + 2) * shape.hiddenSize)));
      }
    }
  });
});

describe('the trace reads as the algorithm', () => {
  it('lists the steps least significant first with their inputs, targets, errors and deltas', () => {
    const config = configOf({ bits: 6, hiddenSize: 5, activation: 'tanh', bias: true });
    const weights = weightsFor(config);
    const [a, b] = [13, 30];
    const trace = traceSample(weights, config, a, b) as VanillaTrace;
    const oracle = forwardOracle(toPlain(weights, 5), config, a, b);
    expect(trace.steps.map((s) => s.t)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trace.steps.map((s) => s.x)).toEqual(oracle.x);
    expect(trace.steps.map((s) => s.target)).toEqual([1, 1, 0, 1, 0, 1]); // 43 = 101011, LSB first
    expect(trace.squaredError).toBeCloseTo(oracle.squaredError, 14);
    trace.steps.forEach((s, t) => {
      expect(s.error).toBe(s.output - s.target);
      expect(s.outputDelta).toBe((s.output - s.target) * (s.output * (1 - s.output)));
      s.h.forEach((hj, j) => {
        expect(hj).toBeCloseTo(oracle.h[t]![j]!, 14);
        expect(hj).toBe(tanh(s.preActivation[j]!));
        expect(s.hiddenDelta[j]).toBe(s.dLdh[j]! * (1 - hj * hj));
      });
      expect(s.dLdhNorm).toBeCloseTo(Math.hypot(...s.dLdh), 15);
    });
    // At the last step nothing flows back from later steps: ∂L/∂h = d_o·Wᵀ; before it, d_hraw_{t+1}·Vᵀ does.
    const last = trace.steps[5]!;
    last.dLdh.forEach((d, j) => expect(d).toBe(last.outputDelta * weights.W!.data[j]!));
    expect(Array.from(last.fromLaterSteps)).toEqual([0, 0, 0, 0, 0]);
    trace.steps.slice(0, 5).forEach((s, t) => {
      const later = trace.steps[t + 1]!.hiddenDelta;
      s.fromLaterSteps.forEach((f, k) => expect(f).toBeCloseTo(later.reduce((sum, d, j) => sum + d * weights.V!.data[k * 5 + j]!, 0), 15));
      s.dLdh.forEach((d, j) => expect(d).toBe(s.outputDelta * weights.W!.data[j]! + s.fromLaterSteps[j]!));
    });
  });

  it('refuses operands that do not fit the bits', () => {
    const config = configOf({ bits: 4, hiddenSize: 2, activation: 'sigmoid', bias: false });
    const weights = weightsFor(config);
    expect(() => traceSample(weights, config, 8, 0)).toThrow('a must be an integer from 0 to 7 for 4 bits; got 8');
    expect(() => traceSample(weights, config, 1, -1)).toThrow('b must be an integer from 0 to 7 for 4 bits; got -1');
  });
});

describe('per-step terms', () => {
  it.each(shapes.filter((s) => s.bits !== 11))('$activation, biases $bias, H $hiddenSize: sum to the gradient, with the norms the trace reports', (shape) => {
    const config = configOf(shape, 3);
    const weights = weightsFor(config);
    const [, [a, b]] = pairsFor(shape.bits) as [unknown, [number, number]];
    const trace = traceSample(weights, config, a, b);
    const sums: Record<string, Float64Array> = {};
    for (const name of weightNames(config)) sums[name] = new Float64Array(weights[name]!.data.length);
    for (const step of trace.steps) {
      const terms = stepTerms(trace, step.t);
      for (const name of weightNames(config)) terms[name]!.data.forEach((v, i) => (sums[name]![i]! += v));
      const frobenius = (name: 'U' | 'V' | 'W') => Math.hypot(...terms[name]!.data);
      expect(step.dUNorm).toBeCloseTo(frobenius('U'), 14);
      expect(step.dVNorm).toBeCloseTo(frobenius('V'), 14);
      expect(step.dWNorm).toBeCloseTo(frobenius('W'), 14);
    }
    for (const name of weightNames(config)) {
      const want = trace.gradients[name]!.data;
      sums[name]!.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(want[i]!))));
    }
    expect(trace.steps[0]!.dVNorm).toBe(0); // h_{−1} = 0
    expect(() => stepTerms(trace, shape.bits)).toThrow(`step must be an integer from 0 to ${shape.bits - 1}`);
  });
});

describe('the gradient is that of ½Σ(o − y)², by central finite differences', () => {
  it.each(shapes.filter((s) => s.bits === 5))('$activation, biases $bias', (shape) => {
    const config = configOf(shape, 19);
    const weights = weightsFor(config, 0.6);
    const [a, b] = [11, 6];
    const trace = traceSample(weights, config, a, b);
    expectFiniteDifferences(weights, weightNames(config), () => forwardOracle(toPlain(weights, config.hiddenSize), config, a, b).squaredError, trace.gradients);
  });
});
