/**
 * How well a network adds: accuracy over every pair (or a fixed sample), the
 * map of which pairs are right, and one pair looked at in detail.
 */

import type { TrainConfig } from './config';
import { scoreAllPairs } from './allPairs';
import type { PairScores } from './allPairs';
import { isSteppingKernel, scoreGatedPairs } from './kernel/gatedPairs';
import { createKernel, type Kernel } from './kernel/kernel';
import { loadParams, weightsAsParams, type ParamViews } from './parameters';
import { bitAt, checkOperand, evaluatesAllPairs, samplePairs, toBitString } from './task';
import { requireValidWeights, type Weights } from './weights';

export interface Evaluation {
  /** Fraction of pairs whose every output bit is right. */
  exact: number;
  /** Fraction of output bits that are right. */
  bit: number;
  /** Pairs evaluated. */
  pairs: number;
  /** Mean over pairs of the L1 loss Σ_t |o_t − y_t|. */
  meanLoss: number;
}

/** What evaluation needs of a configuration; without a cell, the vanilla one. */
export type NetConfig = Pick<TrainConfig, 'bits' | 'hiddenSize' | 'activation' | 'bias'> & { cell?: TrainConfig['cell'] };

/** A forward-only kernel of the configuration's cell holding the weights (validated first). */
export function networkFor(weights: Weights, config: NetConfig): Kernel {
  const kernel = createKernel(config, false);
  loadParams(kernel.params, requireValidWeights(weights, config));
  kernel.loadWeights();
  return kernel;
}

/** Counts of the right output bits of the latest forward pass. */
function rightBits(rnn: Kernel): number {
  const c = rnn.a + rnn.b;
  let right = 0;
  for (let t = 0; t < rnn.L; t++) if ((rnn.o[t]! > 0.5 ? 1 : 0) === bitAt(c, t)) right++;
  return right;
}

/**
 * Every pair's score by walking the tree of shared input prefixes: the
 * vanilla cell's walk is allPairs.ts (in WebAssembly where it can), the gated
 * cells' is kernel/gatedPairs.ts, through their own step.
 */
export function scorePairs(weights: Weights, config: NetConfig): PairScores {
  if ((config.cell ?? 'rnn') === 'rnn') return scoreVanilla(weightsAsParams(requireValidWeights(weights, config)), config);
  return scoreKernel(networkFor(weights, config), config);
}

/** As scorePairs, for the weights a forward kernel of the configuration holds (loaded, with loadWeights called). */
export function scoreKernel(kernel: Kernel, config: NetConfig): PairScores {
  if ((config.cell ?? 'rnn') === 'rnn') return scoreVanilla(kernel.params.views, config);
  if (!isSteppingKernel(kernel)) throw new Error(`the ${config.cell} cell has no step-by-step kernel`);
  return scoreGatedPairs(kernel);
}

function scoreVanilla(params: ParamViews, config: NetConfig): PairScores {
  return scoreAllPairs(params, config.hiddenSize, config.bits, config.activation === 'tanh');
}

/** Accuracy over all pairs when there are at most 65 536, else over a fixed seeded sample of 10 000. */
export function evaluate(weights: Weights, config: NetConfig): Evaluation {
  const L = config.bits;
  let exact = 0, bits = 0, loss = 0, pairs = 0;
  if (evaluatesAllPairs(L)) {
    const scores = scorePairs(weights, config);
    pairs = scores.loss.length;
    for (let i = 0; i < pairs; i++) {
      const right = scores.rightBits[i]!;
      bits += right;
      if (right === L) exact++;
      loss += scores.loss[i]!;
    }
  } else {
    const rnn = networkFor(weights, config);
    const sample = samplePairs(L);
    pairs = sample.a.length;
    for (let i = 0; i < pairs; i++) {
      loss += rnn.forward(sample.a[i]!, sample.b[i]!);
      const right = rightBits(rnn);
      bits += right;
      if (right === L) exact++;
    }
  }
  return { exact: exact / pairs, bit: bits / (pairs * L), pairs, meanLoss: loss / pairs };
}

/** 1 where the pair's sum is right, at index a·2^(bits−1) + b; null when there are more than 65 536 pairs. */
export function errorMap(weights: Weights, config: NetConfig): Uint8Array | null {
  if (!evaluatesAllPairs(config.bits)) return null;
  const { rightBits } = scorePairs(weights, config);
  const map = new Uint8Array(rightBits.length);
  for (let i = 0; i < map.length; i++) map[i] = rightBits[i] === config.bits ? 1 : 0;
  return map;
}

/** One pair's prediction; the numbers are bigints for sums longer than a double holds exactly. */
export interface Prediction<N extends number | bigint = number> {
  a: N;
  b: N;
  predicted: N;
  expected: N;
  correct: boolean;
  /** Predicted bits, most significant first. */
  bits: string;
  expectedBits: string;
  /** o_t, most significant first. */
  outputs: number[];
  /** bits × hiddenSize: row t is h_t, least significant step first. */
  hidden: Float64Array;
  /** The LSTM's cell states c_t laid out as hidden; null for the other cells. */
  cellStates: Float64Array | null;
}

/** One pair through the network, with every output and hidden state. */
export function predict(weights: Weights, config: NetConfig, a: number, b: number): Prediction {
  checkOperand('a', a, config.bits);
  checkOperand('b', b, config.bits);
  const rnn = networkFor(weights, config);
  rnn.forward(a, b);
  const L = config.bits;
  let predicted = 0;
  for (let t = 0; t < L; t++) if (rnn.o[t]! > 0.5) predicted += 2 ** t;
  const outputs: number[] = [];
  for (let t = L - 1; t >= 0; t--) outputs.push(rnn.o[t]!);
  const expected = a + b;
  return {
    a,
    b,
    predicted,
    expected,
    correct: predicted === expected,
    bits: toBitString(predicted, L),
    expectedBits: toBitString(expected, L),
    outputs,
    hidden: rnn.h.slice(config.hiddenSize),
    cellStates: rnn.c ? rnn.c.slice(config.hiddenSize) : null,
  };
}
