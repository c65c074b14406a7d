/**
 * The hidden states of many pairs at every step, projected to 2-D by PCA and
 * labelled with the carry of the true sum at that step: as the network learns
 * to add, the states split into a carry cloud and a no-carry cloud.
 */

import { createKernel, type NetShape } from '../kernel/kernel';
import { pairCount } from '../config';
import { loadParams } from '../parameters';
import { EXHAUSTIVE_LIMIT } from '../task';
import { requireValidWeights, type Weights } from '../weights';
import { fixedPairs } from './gradientFlow';
import type { PairList } from './gradientFlow';
import { projectPoints, topTwoComponents } from './pca';
import type { Pca } from './pca';

/** Hidden-state numbers (points × H) kept at once: 16 MB of float64, every 8-bit pair at H = 16. */
const MAX_STATE_VALUES = 2 ** 21;
/** Multiply-adds of the forward passes and the covariance, each: tens of milliseconds, so the view can follow training. */
const MAX_STATE_WORK = 2 ** 25;

export interface HiddenStateCloud {
  /** The pairs whose states are shown; point p is pair ⌊p / L⌋ at step p mod L. */
  pairs: PairList;
  steps: number;
  /** The 2-D coordinates of each point (x, y interleaved). */
  xy: Float32Array;
  /** 1 where the true sum carries out of the point's step (bit t of a plus bit t of b plus the carry in is 2 or more). */
  carry: Uint8Array;
  /** The projection, to keep the orientation steady from one update to the next. */
  pca: Pca;
}

/**
 * The carry out of step t when adding a and b: 1 when the low t+1 bits of a and b sum to 2^(t+1) or more.
 */
export function carryAt(a: number, b: number, t: number): number {
  const m = 2 ** (t + 1);
  return (a % m) + (b % m) >= m ? 1 : 0;
}

/**
 * The pairs the cloud shows for a shape: every pair when there are at most
 * 65 536 and the work fits the budget, else a fixed sample as large as the budget allows.
 */
export function cloudPairs(shape: Pick<NetShape, 'bits' | 'hiddenSize'>): PairList {
  const L = shape.bits, H = shape.hiddenSize;
  const affordable = Math.max(1, Math.floor(Math.min(MAX_STATE_VALUES / (L * H), MAX_STATE_WORK / (L * H * H))));
  return fixedPairs(L, Math.min(pairCount(L), EXHAUSTIVE_LIMIT, affordable));
}

/**
 * Runs every pair of `cloudPairs(shape)` forward with the core's own network,
 * and projects all hidden states h_t on their top two principal components.
 * `previous` keeps the axes of an earlier cloud from flipping.
 */
export function hiddenStateCloud(weights: Weights, shape: NetShape, previous?: Pca): HiddenStateCloud {
  requireValidWeights(weights, shape);
  const pairs = cloudPairs(shape);
  const L = shape.bits, H = shape.hiddenSize, n = pairs.a.length;
  const kernel = createKernel(shape, false);
  loadParams(kernel.params, weights);
  kernel.loadWeights();
  const states = new Float64Array(n * L * H);
  const carry = new Uint8Array(n * L);
  for (let i = 0; i < n; i++) {
    const a = pairs.a[i]!, b = pairs.b[i]!;
    kernel.forward(a, b);
    // kernel.h holds h_{−1} = 0 in row 0 and h_t in row t + 1.
    states.set(kernel.h.subarray(H, (L + 1) * H), i * L * H);
    for (let t = 0; t < L; t++) carry[i * L + t] = carryAt(a, b, t);
  }
  const pca = topTwoComponents(states, n * L, H, previous && previous.dim === H ? previous.components : undefined);
  return { pairs, steps: L, xy: projectPoints(pca, states, n * L), carry, pca };
}
