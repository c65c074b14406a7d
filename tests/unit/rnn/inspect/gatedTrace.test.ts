/**
 * The LSTM's and the GRU's traces compute what training computes: their
 * gradients, outputs and states equal the training kernel's (createKernel:
 * WebAssembly where the engine has it) bit for bit, every gate's value is
 * its activation of its pre-activation, every gate's delta follows the
 * cell's backward equations, each gate's per-step terms add up to its
 * gradient, and the gradient of every gate's weights matches central finite
 * differences of the squared error of ONNX's cell written out by hand.
 */

import { describe, expect, it } from 'vitest';
import { sigmoid, tanh } from '@shared/rnn/activation';
import { loadParams } from '@shared/rnn/parameters';
import { createKernel, createRandom, initWeights, resolveConfig, weightNames, type Cell, type TrainConfig, type Weights } from '@shared/rnn';
import { gradientFlowOf, stepTerms, traceSample, type GateTrace, type GruTrace, type LstmTrace } from '@shared/rnn/inspect';
import { expectFiniteDifferences } from '../finiteDifferences';
import { onnxForward, toOnnx } from '../gatedOracle';

type Gated = Exclude<Cell, 'rnn'>;
const CELLS: Gated[] = ['lstm', 'gru'];
const sizes = [
  { bits: 8, hiddenSize: 16 },
  { bits: 6, hiddenSize: 5 },
  { bits: 3, hiddenSize: 1 },
  { bits: 9, hiddenSize: 11 },
];
const shapes = CELLS.flatMap((cell) => [false, true].flatMap((bias) => sizes.map((size) => ({ cell, bias, ...size }))));

function configOf(shape: { cell: Gated; bias: boolean; bits: number; hiddenSize: number }, seed = 5): TrainConfig {
  return resolveConfig({ ...shape, seed });
}

/** Initial weights scaled so gates sit in their sensitive range, with non-zero biases when on. */
function weightsFor(config: TrainConfig, scale = 0.7): Weights {
  const rng = createRandom('xoshiro', config.seed);
  const w = initWeights(config, rng);
  for (const name of weightNames(config)) {
    const d = w[name]!.data;
    for (let i = 0; i < d.length; i++) d[i] = name.startsWith('b_') ? rng.randn() * 0.3 : d[i]! * scale;
  }
  return w;
}

function pairsFor(bits: number): [number, number][] {
  const limit = 2 ** (bits - 1);
  return [[0, 0], [limit - 1, limit - 1], [Math.floor(limit / 3), limit - 1 - Math.floor(limit / 5)]];
}

const bitsOf = (v: Float64Array | number[]): number[] => Array.from(v);

describe('the gated traces equal the training kernel', () => {
  it.each(shapes)('$cell, biases $bias, $bits bits, H $hiddenSize: gradients, loss, outputs and states bit for bit', (shape) => {
    const config = configOf(shape);
    const weights = weightsFor(config);
    const kernel = createKernel(config, true);
    loadParams(kernel.params, weights);
    for (const [a, b] of pairsFor(shape.bits)) {
      const trace = traceSample(weights, config, a, b);
      expect(trace.cell).toBe(shape.cell);
      kernel.beginIteration();
      const loss = kernel.sample(a, b);
      expect(trace.loss).toBe(loss);
      for (const name of weightNames(config)) expect(bitsOf(trace.gradients[name]!.data), `${name} for ${a} + ${b}`).toEqual(bitsOf(kernel.grads!.views[name]!));
      const H = shape.hiddenSize;
      for (const step of trace.steps) {
        expect(step.output).toBe(kernel.o[step.t]);
        expect(bitsOf(step.h)).toEqual(bitsOf(kernel.h.subarray((step.t + 1) * H, (step.t + 2) * H)));
        if (trace.cell === 'lstm') expect(bitsOf((step as LstmTrace['steps'][number]).c)).toEqual(bitsOf(kernel.c!.subarray((step.t + 1) * H, (step.t + 2) * H)));
      }
    }
  });
});

describe('every gate reads as its equation', () => {
  it.each([false, true])('LSTM, biases %s: values, states and deltas', (bias) => {
    const config = configOf({ cell: 'lstm', bias, bits: 6, hiddenSize: 4 });
    const trace = traceSample(weightsFor(config), config, 13, 22) as LstmTrace;
    trace.steps.forEach((s, t) => {
      const { i, o, f, c } = s.gates;
      for (const gate of [i, o, f]) gate.value.forEach((v, j) => expect(v).toBe(sigmoid(gate.preActivation[j]!)));
      c.value.forEach((v, j) => expect(v).toBe(tanh(c.preActivation[j]!)));
      const cPrev = t > 0 ? trace.steps[t - 1]!.c : new Float64Array(4);
      s.c.forEach((ct, j) => {
        expect(ct).toBe(f.value[j]! * cPrev[j]! + i.value[j]! * c.value[j]!);
        expect(s.h[j]).toBe(o.value[j]! * tanh(ct));
        expect(s.dLdh[j]).toBe(s.outputDelta * weightsFor(config).W!.data[j]! + s.fromLaterSteps[j]!);
        expect(s.dLdc[j]).toBe(s.dLdh[j]! * o.value[j]! * (1 - s.tanhC[j]! ** 2) + s.fromLaterC[j]!);
        expect(i.delta[j]).toBe(s.dLdc[j]! * c.value[j]! * (i.value[j]! * (1 - i.value[j]!)));
        expect(o.delta[j]).toBe(s.dLdh[j]! * s.tanhC[j]! * (o.value[j]! * (1 - o.value[j]!)));
        expect(f.delta[j]).toBe(s.dLdc[j]! * cPrev[j]! * (f.value[j]! * (1 - f.value[j]!)));
        expect(c.delta[j]).toBe(s.dLdc[j]! * i.value[j]! * (1 - c.value[j]! * c.value[j]!));
      });
      if (t < 5) s.fromLaterC.forEach((v, j) => expect(v).toBe(trace.steps[t + 1]!.dLdc[j]! * trace.steps[t + 1]!.gates.f.value[j]!));
    });
    expect(bitsOf(trace.steps[5]!.fromLaterSteps)).toEqual([0, 0, 0, 0]);
    expect(bitsOf(trace.steps[5]!.fromLaterC)).toEqual([0, 0, 0, 0]);
  });

  it.each([false, true])('GRU, biases %s: values, states and deltas', (bias) => {
    const config = configOf({ cell: 'gru', bias, bits: 6, hiddenSize: 4 });
    const weights = weightsFor(config);
    const trace = traceSample(weights, config, 9, 30) as GruTrace;
    trace.steps.forEach((s, t) => {
      const { z, r, h } = s.gates;
      for (const gate of [z, r]) gate.value.forEach((v, j) => expect(v).toBe(sigmoid(gate.preActivation[j]!)));
      h.value.forEach((v, j) => expect(v).toBe(tanh(h.preActivation[j]!)));
      const hPrev = t > 0 ? trace.steps[t - 1]!.h : new Float64Array(4);
      s.h.forEach((ht, j) => {
        expect(ht).toBe((1 - z.value[j]!) * h.value[j]! + z.value[j]! * hPrev[j]!);
        if (t > 0) expect(s.resetHidden[j]).toBe(r.value[j]! * hPrev[j]!);
        expect(s.dLdh[j]).toBe(s.outputDelta * weights.W!.data[j]! + s.fromLaterSteps[j]!);
        expect(z.delta[j]).toBe(s.dLdh[j]! * (hPrev[j]! - h.value[j]!) * (z.value[j]! * (1 - z.value[j]!)));
        expect(h.delta[j]).toBe(s.dLdh[j]! * (1 - z.value[j]!) * (1 - h.value[j]! * h.value[j]!));
        if (t > 0) expect(r.delta[j]).toBe(s.dResetHidden[j]! * hPrev[j]! * (r.value[j]! * (1 - r.value[j]!)));
      });
    });
    // At step 0 the old state is 0: the reset gate changes nothing and learns nothing.
    expect(bitsOf(trace.steps[0]!.gates.r.delta)).toEqual([0, 0, 0, 0]);
  });
});

describe('per-step terms of every gate', () => {
  it.each(shapes.filter((s) => s.bits !== 9))('$cell, biases $bias, H $hiddenSize: sum, last step first, to the gradient bit for bit, with the norms the trace reports', (shape) => {
    const config = configOf(shape, 3);
    const weights = weightsFor(config);
    const [, [a, b]] = pairsFor(shape.bits) as [unknown, [number, number]];
    const trace = traceSample(weights, config, a, b);
    const sums: Record<string, Float64Array> = {};
    for (const name of weightNames(config)) sums[name] = new Float64Array(weights[name]!.data.length);
    for (let t = shape.bits - 1; t >= 0; t--) {
      const step = trace.steps[t]!;
      const terms = stepTerms(trace, t);
      for (const name of weightNames(config)) terms[name]!.data.forEach((v, i) => (sums[name]![i]! += v));
      const gates = Object.entries((step as { gates: Record<string, GateTrace> }).gates);
      for (const [g, gate] of gates) {
        expect(gate.dUNorm, `‖dU_${g}‖ at ${t}`).toBeCloseTo(Math.hypot(...terms[`U_${g}` as 'U']!.data), 14);
        expect(gate.dVNorm, `‖dV_${g}‖ at ${t}`).toBeCloseTo(Math.hypot(...terms[`V_${g}` as 'V']!.data), 14);
      }
      expect(step.dUNorm).toBeCloseTo(Math.hypot(...gates.map(([, gate]) => gate.dUNorm)), 14);
      expect(step.dWNorm).toBeCloseTo(Math.hypot(...terms.W!.data), 14);
    }
    for (const name of weightNames(config)) expect(bitsOf(sums[name]!), name).toEqual(bitsOf(trace.gradients[name]!.data));
    expect(trace.steps[0]!.dVNorm).toBe(0); // h_{−1} = 0
    expect(() => stepTerms(trace, shape.bits)).toThrow(`step must be an integer from 0 to ${shape.bits - 1}`);
  });
});

describe("every gate's gradient is that of ½Σ(o − y)², by central finite differences of ONNX's cell", () => {
  it.each(shapes.filter((s) => s.bits === 6))('$cell, biases $bias', (shape) => {
    const config = configOf(shape, 19);
    const weights = weightsFor(config, 0.6);
    const [a, b] = [11, 26];
    const trace = traceSample(weights, config, a, b);
    const loss = () => onnxForward(shape.cell, toOnnx(weights, shape.cell, shape.hiddenSize), shape.hiddenSize, shape.bits, shape.bias, a, b).squaredError;
    expect(trace.squaredError).toBeCloseTo(loss(), 13);
    expectFiniteDifferences(weights, weightNames(config), loss, trace.gradients);
  });
});

describe('gradient flow through the gates', () => {
  it.each(CELLS)('%s: per step and per gate, from the trace', (cell) => {
    const config = configOf({ cell, bias: false, bits: 8, hiddenSize: 6 });
    const trace = traceSample(weightsFor(config), config, 100, 27);
    const flow = gradientFlowOf(trace);
    const gates = cell === 'lstm' ? ['i', 'o', 'f', 'c'] : ['z', 'r', 'h'];
    expect(Object.keys(flow.gates!)).toEqual(gates);
    trace.steps.forEach((s, t) => {
      expect(flow.dLdh[t]).toBe(s.dLdhNorm);
      for (const g of gates) {
        const gate = (s as { gates: Record<string, GateTrace> }).gates[g]!;
        expect(flow.gates![g]!.dU[t]).toBe(gate.dUNorm);
        expect(flow.gates![g]!.dV[t]).toBe(gate.dVNorm);
      }
    });
    if (cell === 'lstm') expect(Array.from(flow.dLdc!)).toEqual((trace as LstmTrace).steps.map((s) => s.dLdcNorm));
  });
});
