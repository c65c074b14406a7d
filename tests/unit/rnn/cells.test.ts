/**
 * The LSTM and GRU cells: their forward pass against ONNX's operator
 * equations written independently (gatedOracle.ts), bit for bit, and their
 * BPTT against central finite differences of ½Σ(o−y)² for every parameter.
 */

import { describe, expect, it } from 'vitest';
import { createKernel } from '@shared/rnn/kernel/kernel';
import { loadParams } from '@shared/rnn/parameters';
import { TrainingLoop, createRandom, initWeights, networkFor, resolveConfig, weightNames } from '@shared/rnn';
import type { TrainConfig, Weights } from '@shared/rnn';
import { numericGradient } from './finiteDifferences';
import { onnxForward, toOnnx } from './gatedOracle';
import type { GatedKernel } from '@shared/rnn/kernel/gatedKernel';
import { scoreGatedPairs } from '@shared/rnn/kernel/gatedPairs';
import { pairSequence } from '@shared/rnn/kernel/sequence';

const PAIRS: [number, number][] = [[13, 6], [15, 15], [0, 9], [7, 1]];

type GatedConfig = TrainConfig & { cell: 'lstm' | 'gru' };

/** Small random weights with non-zero biases, so that no unit saturates and every parameter matters. */
function weightsFor(config: TrainConfig): Weights {
  const rng = createRandom('xoshiro', config.seed);
  const w = initWeights(config, rng);
  for (const name of weightNames(config)) {
    const d = w[name]!.data;
    for (let i = 0; i < d.length; i++) d[i] = name.startsWith('b_') ? rng.randn() * 0.3 : d[i]! * 0.7;
  }
  return w;
}

function squaredError(weights: Weights, config: GatedConfig, pairs: [number, number][]): number {
  const onnx = toOnnx(weights, config.cell, config.hiddenSize);
  let sum = 0;
  for (const [a, b] of pairs) sum += onnxForward(config.cell, onnx, config.hiddenSize, config.bits, config.bias, a, b).squaredError;
  return sum / pairs.length;
}

function analyticGradient(weights: Weights, config: GatedConfig, pairs: [number, number][]): Record<string, Float64Array> {
  const net = createKernel(config, true);
  loadParams(net.params, weights);
  net.beginIteration();
  for (const [a, b] of pairs) net.sample(a, b);
  const out: Record<string, Float64Array> = {};
  for (const name of weightNames(config)) out[name] = net.grads!.views[name]!.map((v) => v / pairs.length);
  return out;
}

const cases = (['lstm', 'gru'] as const).flatMap((cell) =>
  [false, true].flatMap((bias) => [3, 4, 9].map((hiddenSize) => ({ cell, bias, hiddenSize }))),
);

describe('the gated cells', () => {
  it.each(cases)('$cell forward equals ONNX\'s equations bit for bit (biases $bias, hidden $hiddenSize)', ({ cell, bias, hiddenSize }) => {
    const config = resolveConfig({ cell, bits: 6, hiddenSize, bias, seed: 3 }) as GatedConfig;
    const weights = weightsFor(config);
    const net = networkFor(weights, config);
    const onnx = toOnnx(weights, cell, hiddenSize);
    for (const [a, b] of [...PAIRS, [31, 31], [0, 0]] as [number, number][]) {
      net.forward(a, b);
      const want = onnxForward(cell, onnx, hiddenSize, config.bits, bias, a, b);
      expect(Array.from(net.o)).toEqual(want.o);
      expect(Array.from(net.h.subarray(hiddenSize))).toEqual(want.h.flat());
      if (cell === 'lstm') expect(Array.from(net.c!.subarray(hiddenSize))).toEqual(want.c.flat());
      else expect(net.c).toBeNull();
    }
  });

  it.each(cases)('$cell BPTT matches finite differences for every parameter (biases $bias, hidden $hiddenSize)', ({ cell, bias, hiddenSize }) => {
    const config = resolveConfig({ cell, bits: 5, hiddenSize, bias, seed: 11 }) as GatedConfig;
    const weights = weightsFor(config);
    const analytic = analyticGradient(weights, config, PAIRS);
    const numeric = numericGradient(weights, weightNames(config), () => squaredError(weights, config, PAIRS));
    for (const name of weightNames(config)) {
      const a = analytic[name]!, n = numeric[name]!;
      expect(a.length).toBe(weights[name]!.data.length);
      for (let i = 0; i < n.length; i++) {
        // The difference quotient's own noise is about 1e-16 / STEP (the cells' tanh is accurate to 1e-16 absolute near 0).
        const allowed = 1e-6 * Math.max(Math.abs(a[i]!), Math.abs(n[i]!)) + 1e-10;
        if (!(Math.abs(a[i]! - n[i]!) < allowed)) throw new Error(`${name}[${i}]: analytic ${a[i]} vs numeric ${n[i]}`);
      }
    }
  });

  it.each(cases)('$cell: the prefix-tree walk over all pairs equals each pair\'s own forward pass bit for bit (biases $bias, hidden $hiddenSize)', ({ cell, bias, hiddenSize }) => {
    const config = resolveConfig({ cell, bits: 6, hiddenSize, bias, seed: 5 }) as GatedConfig;
    const weights = weightsFor(config);
    const kernel = networkFor(weights, config);
    const walked = scoreGatedPairs(kernel as GatedKernel);
    const x = new Uint8Array(6), y = new Uint8Array(6);
    let someRight = 0;
    for (let a = 0; a < 32; a++) {
      for (let b = 0; b < 32; b++) {
        const loss = kernel.forward(a, b);
        pairSequence(a, b, 6, x, y);
        let right = 0;
        for (let t = 0; t < 6; t++) if ((kernel.o[t]! > 0.5 ? 1 : 0) === y[t]) right++;
        expect(walked.loss[a * 32 + b]).toBe(loss);
        expect(walked.rightBits[a * 32 + b]).toBe(right);
        someRight += right;
      }
    }
    expect(someRight).toBeGreaterThan(0);
  });

  it.each(['lstm', 'gru'] as const)('a %s trainer repeats itself bit for bit and keeps every weight finite', (cell) => {
    const config = resolveConfig({ cell, bits: 8, hiddenSize: 5, bias: true, seed: 7, learningRate: 0.5 });
    const run = (): Weights => {
      const trainer = new TrainingLoop(config);
      trainer.train(300, new Float64Array(300));
      return trainer.weights();
    };
    const first = run(), second = run();
    for (const name of weightNames(config)) {
      expect(first[name]!.data).toEqual(second[name]!.data);
      expect(first[name]!.data.every(Number.isFinite)).toBe(true);
    }
  });
});
