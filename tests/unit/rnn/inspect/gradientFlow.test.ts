import { describe, expect, it } from 'vitest';
import { createRandom, initWeights, pairCount, resolveConfig } from '@shared/rnn';
import { fixedPairs, flowSamplePairs, gradientFlowOf, sampleGradientFlow, traceSample } from '@shared/rnn/inspect';

const config = resolveConfig({ bits: 6, hiddenSize: 5, activation: 'tanh', bias: true, seed: 4 });
const weights = initWeights(config, createRandom('xoshiro', config.seed));

describe('gradient flow through time', () => {
  it("of one pair: the trace's per-step norms and the last-to-first ratio of ‖∂L/∂h_t‖", () => {
    const trace = traceSample(weights, config, 21, 30);
    const flow = gradientFlowOf(trace);
    expect(flow.pairs).toBe(1);
    expect(Array.from(flow.dLdh)).toEqual(trace.steps.map((s) => s.dLdhNorm));
    expect(Array.from(flow.dU)).toEqual(trace.steps.map((s) => s.dUNorm));
    expect(Array.from(flow.dV)).toEqual(trace.steps.map((s) => s.dVNorm));
    expect(flow.lastToFirst).toBe(trace.steps[5]!.dLdhNorm / trace.steps[0]!.dLdhNorm);
  });

  it('over a sample: the mean of each pair\'s norms, and the mean gradient', () => {
    const pairs = { a: Uint32Array.of(1, 31, 12), b: Uint32Array.of(2, 31, 19) };
    const { flow, gradient } = sampleGradientFlow(weights, config, pairs);
    const traces = [0, 1, 2].map((i) => traceSample(weights, config, pairs.a[i]!, pairs.b[i]!));
    expect(flow.pairs).toBe(3);
    for (let t = 0; t < 6; t++) {
      expect(flow.dLdh[t]).toBeCloseTo(traces.reduce((s, tr) => s + tr.steps[t]!.dLdhNorm, 0) / 3, 15);
      expect(flow.dV[t]).toBeCloseTo(traces.reduce((s, tr) => s + tr.steps[t]!.dVNorm, 0) / 3, 15);
    }
    expect(flow.lastToFirst).toBeCloseTo(flow.dLdh[5]! / flow.dLdh[0]!, 15);
    gradient.V!.data.forEach((v, i) => expect(v).toBeCloseTo(traces.reduce((s, tr) => s + tr.gradients.V!.data[i]!, 0) / 3, 15));
    expect(() => sampleGradientFlow(weights, config, { a: new Uint32Array(0), b: new Uint32Array(0) })).toThrow('at least one pair');
  });

  it('uses a fixed sample of distinct pairs, sized to the work, and all pairs when there are few', () => {
    const reference = flowSamplePairs({ bits: 8, hiddenSize: 16 });
    expect(reference.a.length).toBe(64);
    expect(flowSamplePairs({ bits: 8, hiddenSize: 16 })).toEqual(reference);
    expect(new Set(Array.from(reference.a, (a, i) => `${a},${reference.b[i]}`)).size).toBe(64);
    for (const v of [...reference.a, ...reference.b]) expect(v).toBeLessThan(128);
    const big = flowSamplePairs({ bits: 32, hiddenSize: 512 });
    expect(big.a.length).toBe(4);
    for (const v of [...big.a, ...big.b]) expect(v).toBeLessThan(2 ** 31);
    const tiny = fixedPairs(2, 64);
    expect(Array.from(tiny.a)).toEqual([0, 0, 1, 1]);
    expect(Array.from(tiny.b)).toEqual([0, 1, 0, 1]);
    expect(fixedPairs(7, 4096).a.length).toBe(pairCount(7));
  });
});
