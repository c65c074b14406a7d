/**
 * BPTT against central finite differences of the loss it descends: for a
 * batch of B pairs, E = (1/B)·Σ_pairs Σ_t ½(o_t − y_t)² (the squared error, not
 * the reported L1 loss). Every parameter of U, V, W, b_h, b_o is checked.
 */

import { describe, expect, it } from 'vitest';
import { loadParams } from '@shared/rnn/parameters';
import { TrainingLoop, createKernel, createRandom, initWeights, resolveConfig, weightNames } from '@shared/rnn';
import type { TrainConfig, WeightName, Weights } from '@shared/rnn';
import { numericGradient } from './finiteDifferences';
import { forwardOracle, toPlain } from './oracle';

function squaredError(weights: Weights, config: TrainConfig, pairs: [number, number][]): number {
  const plain = toPlain(weights, config.hiddenSize);
  let sum = 0;
  for (const [a, b] of pairs) sum += forwardOracle(plain, config, a, b).squaredError;
  return sum / pairs.length;
}

function analyticGradient(weights: Weights, config: TrainConfig, pairs: [number, number][]): Record<string, Float64Array> {
  const rnn = createKernel(config, true);
  loadParams(rnn.params, weights);
  rnn.loadWeights();
  const grads = rnn.grads!;
  for (const [a, b] of pairs) {
    rnn.forward(a, b);
    rnn.backward();
  }
  const out: Record<string, Float64Array> = {};
  for (const name of weightNames(config)) out[name] = grads.views[name]!.map((v: number) => v / pairs.length);
  return out;
}

/** |analytic − numeric| / max(|analytic|, |numeric|), with entries below 1e-7 compared absolutely. */
function expectClose(analytic: Record<string, Float64Array>, numeric: Record<string, Float64Array>): number {
  let worst = 0;
  for (const name of Object.keys(numeric)) {
    const a = analytic[name]!, n = numeric[name]!;
    for (let i = 0; i < n.length; i++) {
      const scale = Math.max(Math.abs(a[i]!), Math.abs(n[i]!));
      const error = scale > 1e-7 ? Math.abs(a[i]! - n[i]!) / scale : Math.abs(a[i]! - n[i]!);
      if (!(error < 1e-6)) throw new Error(`${name}[${i}]: analytic ${a[i]} vs numeric ${n[i]} (relative error ${error})`);
      worst = Math.max(worst, error);
    }
  }
  return worst;
}

/** Small random weights with non-zero biases, so that no unit saturates and every parameter matters. */
function weightsFor(config: TrainConfig): Weights {
  const rng = createRandom('xoshiro', config.seed);
  const w = initWeights(config, rng);
  for (const name of weightNames(config)) {
    const d = w[name]!.data;
    for (let i = 0; i < d.length; i++) d[i] = name === 'U' || name === 'V' || name === 'W' ? d[i]! * 0.7 : rng.randn() * 0.3;
  }
  return w;
}

const cases = (['sigmoid', 'tanh'] as const).flatMap((activation) =>
  [false, true].flatMap((bias) => [1, 4].map((batchSize) => ({ activation, bias, batchSize }))),
);

describe('BPTT matches central finite differences of ½Σ(o−y)² for every parameter', () => {
  it.each(cases)('$activation, biases $bias, batch $batchSize', ({ activation, bias, batchSize }) => {
    const config = resolveConfig({ bits: 5, hiddenSize: 4, activation, bias, batchSize, seed: 11 });
    const weights = weightsFor(config);
    const pairs: [number, number][] = [[13, 6], [15, 15], [0, 9], [7, 1]].slice(0, batchSize) as [number, number][];
    const worst = expectClose(analyticGradient(weights, config, pairs), numericGradient(weights, weightNames(config), () => squaredError(weights, config, pairs)));
    expect(worst).toBeLessThan(1e-6);
  });

  it.each([1, 4])('through the trainer, whose SGD step is lr · the batch-averaged gradient (batch %i)', (batchSize) => {
    const config = resolveConfig({ bits: 4, hiddenSize: 3, bias: true, batchSize, learningRate: 1e-3, seed: 5 });
    const weights = weightsFor(config);
    // The trainer draws the initial weights first (discarded here), then a and b for each sample.
    const rng = createRandom(config.rng, config.seed);
    initWeights(config, rng);
    const pairs = Array.from({ length: batchSize }, () => [rng.randint(8), rng.randint(8)] as [number, number]);
    const numeric = numericGradient(weights, weightNames(config), () => squaredError(weights, config, pairs));
    const trainer = new TrainingLoop(config, { weights });
    trainer.train(1, new Float64Array(1));
    const after = trainer.weights();
    const names: readonly WeightName[] = weightNames(config);
    for (const name of names) {
      const before = weights[name]!.data, now = after[name]!.data, n = numeric[name]!;
      let diff = 0, norm = 0;
      for (let i = 0; i < n.length; i++) {
        diff += ((before[i]! - now[i]!) / config.learningRate - n[i]!) ** 2;
        norm += n[i]! ** 2;
      }
      // (w − w')/lr loses about 1e-13/lr of precision, so compare whole tensors.
      expect(Math.sqrt(diff / norm)).toBeLessThan(1e-6);
    }
  });
});
