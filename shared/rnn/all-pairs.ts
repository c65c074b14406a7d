/**
 * The network's answer to every pair at once. Pairs that agree in their low
 * t bits feed the network the same first t inputs, so they share h_0 … h_{t-1}:
 * the pairs form a tree over time steps, with 4^(t+1) distinct prefixes at
 * step t (each node has four children, one per input [a_bit, b_bit]; the last
 * step's input is always [0, 0]). Walking that tree computes each shared
 * h_{t-1}·V once instead of once per pair: for 8 bits about 22 000 products
 * instead of 115 000. Every number is computed with the same operations in the
 * same order as a separate forward pass (see bptt.ts), so results are identical.
 */

import { exp } from './activation';
import { vecMat } from './kernels';
import type { Params } from './network';
import { operandLimit } from './task';

export interface PairScores {
  /** Output bits right, per pair, at index a·2^(bits−1) + b. */
  rightBits: Uint8Array;
  /** L1 loss Σ_t |o_t − y_t|, per pair, same index. */
  loss: Float64Array;
}

/** Scores all 4^(bits−1) pairs by walking the prefix tree depth first. */
export function scoreAllPairs(p: Params, hiddenSize: number, bits: number, tanh: boolean): PairScores {
  const H = hiddenSize, L = bits;
  const { U, V, W, b_h, b_o } = p;
  const limit = operandLimit(L);
  const rightBits = new Uint8Array(limit * limit);
  const loss = new Float64Array(limit * limit);
  // Row t of `h` holds h_{t-1} for the node being expanded at step t (row 0: h_{-1} = 0).
  const h = new Float64Array((L + 1) * H);
  // Row t of `hV` holds h_{t-1}·V, shared by the children of that node.
  const hV = new Float64Array(L * H);
  const xU = new Float64Array(4 * H);
  for (let x = 0; x < 4; x++) {
    const x0 = x >> 1, x1 = x & 1;
    for (let j = 0; j < H; j++) xU[x * H + j] = x0 * U[j]! + x1 * U[H + j]!;
  }

  const expand = (t: number, a: number, b: number, lossSoFar: number, rightSoFar: number): void => {
    const prev = t * H, cur = prev + H;
    if (t === 0) hV.fill(0, 0, H); // h_{-1}·V = 0
    else vecMat(h, prev, V, H, hV, prev); // h_{t-1}·V
    const inputs = t === L - 1 ? 1 : 4;
    const place = 1 << t; // t < bits ≤ 9 here
    for (let x = 0; x < inputs; x++) {
      const childA = a + (x >> 1) * place, childB = b + (x & 1) * place;
      const y = ((childA + childB) >>> t) & 1;
      let z = 0;
      for (let j = 0; j < H; j++) {
        let pre = hV[prev + j]! + xU[x * H + j]!;
        if (b_h) pre += b_h[j]!;
        const hj = tanh ? Math.tanh(pre) : 1 / (1 + exp(-pre));
        h[cur + j] = hj;
        z += hj * W[j]!;
      }
      if (b_o) z += b_o[0]!;
      const o = 1 / (1 + exp(-z));
      const childLoss = lossSoFar + Math.abs(o - y);
      const childRight = rightSoFar + ((o > 0.5 ? 1 : 0) === y ? 1 : 0);
      if (t === L - 1) {
        const index = childA * limit + childB;
        loss[index] = childLoss;
        rightBits[index] = childRight;
      } else {
        expand(t + 1, childA, childB, childLoss, childRight);
      }
    }
  };
  expand(0, 0, 0, 0, 0);
  return { rightBits, loss };
}
