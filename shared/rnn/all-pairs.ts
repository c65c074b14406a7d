/**
 * The network's answer to every pair at once. Pairs that agree in their low
 * t bits feed the network the same first t inputs, so they share h_0 … h_{t-1}:
 * the pairs form a tree over time steps, with 4^(t+1) distinct prefixes at
 * step t (each node has four children, one per input [a_bit, b_bit]; the last
 * step's input is always [0, 0], so there each node has one child, a leaf).
 * Walking that tree computes each shared h_{t-1}·V once instead of once per
 * pair: for 8 bits about 22 000 products instead of 115 000.
 *
 * A node's four children are computed side by side (four independent
 * sigmoids per hidden unit keep the CPU busy), and so are the four leaves
 * below a node of the second-to-last step. Every number is computed with the
 * same operations in the same order as a separate forward pass (see bptt.ts),
 * so results are bit-identical.
 */

import { activate, exp } from './activation';
import { vecMat } from './kernels';
import type { Params } from './network';
import { operandLimit } from './task';
import { createWasmKernels } from './wasm-kernels';

export interface PairScores {
  /** Output bits right, per pair, at index a·2^(bits−1) + b. */
  rightBits: Uint8Array;
  /** L1 loss Σ_t |o_t − y_t|, per pair, same index. */
  loss: Float64Array;
}

/** Scores all 4^(bits−1) pairs (bits ≥ 2) by walking the prefix tree depth first. */
export function scoreAllPairs(p: Params, hiddenSize: number, bits: number, tanh: boolean): PairScores {
  const H = hiddenSize, L = bits;
  const { U, V, W, b_h, b_o } = p;
  const limit = operandLimit(L);
  const rightBits = new Uint8Array(limit * limit);
  const loss = new Float64Array(limit * limit);
  const bo = b_o ? b_o[0]! : 0;
  // x·U for the inputs x = [0,0], [0,1], [1,0], [1,1] (row 2·a_bit + b_bit), as in the forward pass.
  const xU = new Float64Array(4 * H);
  for (let x = 0; x < 4; x++) {
    for (let j = 0; j < H; j++) xU[x * H + j] = (x >> 1) * U[j]! + (x & 1) * U[H + j]!;
  }
  // The products h·V run in WebAssembly SIMD when it is there, so their operands live in its memory.
  const wasm = createWasmKernels(L * 4 * H + L * H + 4 * H + H * H);
  const alloc = wasm ? wasm.alloc : (length: number) => new Float64Array(length);
  // Step t's four children of the current node: rows t·4 + x of `h`.
  const h = alloc(L * 4 * H);
  // h_{t-1}·V of the current node at step t: row t of `hV`.
  const hV = alloc(L * H);
  // The four leaves' h_{L-2}·V and hidden states.
  const leafV = alloc(4 * H);
  const Vw = wasm ? alloc(H * H) : V;
  if (wasm) Vw.set(V);
  const hAt = h.byteOffset, hVAt = hV.byteOffset, leafVAt = leafV.byteOffset, VAt = Vw.byteOffset;
  const leafH = new Float64Array(4 * H);
  const z = new Float64Array(4);
  // Per step: the four children's losses and right bits so far.
  const childLoss = new Float64Array(L * 4);
  const childRight = new Uint8Array(L * 4);

  /** h and z = h·W for four inputs side by side: h[out + x·H + j] = f(P[pOffset + j] + xU[xRows[x]] + b_h). */
  const fourStates = (P: Float64Array, pOffset: number, shared: boolean, out: Float64Array, outOffset: number): void => {
    let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
    for (let j = 0; j < H; j++) {
      // The children of one node share h_{t-1}·V and differ in x; the leaves share x = [0,0] and differ in h·V.
      const p0 = P[pOffset + j]!;
      const p1 = shared ? p0 : P[pOffset + H + j]!;
      const p2 = shared ? p0 : P[pOffset + 2 * H + j]!;
      const p3 = shared ? p0 : P[pOffset + 3 * H + j]!;
      let pre0 = p0 + xU[j]!;
      let pre1 = p1 + xU[(shared ? H : 0) + j]!;
      let pre2 = p2 + xU[(shared ? 2 * H : 0) + j]!;
      let pre3 = p3 + xU[(shared ? 3 * H : 0) + j]!;
      if (b_h) {
        const bj = b_h[j]!;
        pre0 += bj;
        pre1 += bj;
        pre2 += bj;
        pre3 += bj;
      }
      const h0 = activate(pre0, tanh), h1 = activate(pre1, tanh), h2 = activate(pre2, tanh), h3 = activate(pre3, tanh);
      out[outOffset + j] = h0;
      out[outOffset + H + j] = h1;
      out[outOffset + 2 * H + j] = h2;
      out[outOffset + 3 * H + j] = h3;
      const wj = W[j]!;
      z0 += h0 * wj;
      z1 += h1 * wj;
      z2 += h2 * wj;
      z3 += h3 * wj;
    }
    z[0] = z0;
    z[1] = z1;
    z[2] = z2;
    z[3] = z3;
  };

  /** Expands the node at step t whose state h_{t-1} is at h[prev] (t = 0: h_{-1} = 0, prev unused). */
  const expand = (t: number, prev: number, a: number, b: number, lossSoFar: number, rightSoFar: number): void => {
    const row = t * H;
    if (t === 0) hV.fill(0, 0, H); // h_{-1}·V = 0
    else if (wasm) wasm.vecMat(hAt + 8 * prev, VAt, H, hVAt + 8 * row); // h_{t-1}·V
    else vecMat(h, prev, V, H, hV, row);
    const children = t * 4 * H;
    fourStates(hV, row, true, h, children);
    const place = 1 << t; // t < bits ≤ 9 here
    const mine = t * 4;
    for (let x = 0; x < 4; x++) {
      const o = sigmoidOutput(z[x]!, b_o !== null, bo);
      const y = ((a + (x >> 1) * place + (b + (x & 1) * place)) >>> t) & 1;
      childLoss[mine + x] = lossSoFar + Math.abs(o - y);
      childRight[mine + x] = rightSoFar + ((o > 0.5 ? 1 : 0) === y ? 1 : 0);
    }
    if (t < L - 2) {
      for (let x = 0; x < 4; x++) {
        expand(t + 1, children + x * H, a + (x >> 1) * place, b + (x & 1) * place, childLoss[mine + x]!, childRight[mine + x]!);
      }
      return;
    }
    // The children are at step L−2: each has one leaf child, with input [0, 0], at step L−1.
    for (let x = 0; x < 4; x++) {
      if (wasm) wasm.vecMat(hAt + 8 * (children + x * H), VAt, H, leafVAt + 8 * x * H);
      else vecMat(h, children + x * H, V, H, leafV, x * H);
    }
    fourStates(leafV, 0, false, leafH, 0);
    for (let x = 0; x < 4; x++) {
      const leafA = a + (x >> 1) * place, leafB = b + (x & 1) * place;
      const o = sigmoidOutput(z[x]!, b_o !== null, bo);
      const y = ((leafA + leafB) >>> (L - 1)) & 1;
      const index = leafA * limit + leafB;
      loss[index] = childLoss[mine + x]! + Math.abs(o - y);
      rightBits[index] = childRight[mine + x]! + ((o > 0.5 ? 1 : 0) === y ? 1 : 0);
    }
  };
  expand(0, 0, 0, 0, 0, 0);
  return { rightBits, loss };
}

/** o = sigmoid(z + b_o), adding b_o only when there are biases (as the forward pass does). */
function sigmoidOutput(z: number, bias: boolean, b_o: number): number {
  return 1 / (1 + exp(-(bias ? z + b_o : z)));
}
