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
 * same operations in the same order as a separate forward pass (see kernel/jsRnnKernel.ts),
 * so results are bit-identical. The walk runs in WebAssembly (wasm/rnn.wat:
 * allPairs) when the host has it, else in the JS below.
 */

import { activate, exp } from './activation';
import { BufferLayout } from './kernel/bufferLayout';
import { vecMat } from './kernel/matrixLoops';
import { createFlatParams, parameterCount } from './parameters';
import type { ParamViews } from './parameters';
import { operandLimit } from './task';
import { bindNetwork, createRnnWasm } from './wasm/engine';

export interface PairScores {
  /** Output bits right, per pair, at index a·2^(bits−1) + b. */
  rightBits: Uint8Array;
  /** L1 loss Σ_t |o_t − y_t|, per pair, same index. */
  loss: Float64Array;
}

/** Scores all 4^(bits−1) pairs (bits ≥ 2) by walking the prefix tree depth first. */
export function scoreAllPairs(p: ParamViews, hiddenSize: number, bits: number, tanh: boolean): PairScores {
  return scoreInWasm(p, hiddenSize, bits, tanh) ?? scoreInJs(p, hiddenSize, bits, tanh);
}

/** The whole walk in WebAssembly, over a copy of the weights in its memory; null without it. */
function scoreInWasm(p: ParamViews, H: number, L: number, tanh: boolean): PairScores | null {
  const shape = { hiddenSize: H, bias: p.b_h !== undefined };
  const pairs = operandLimit(L) ** 2;
  const layout = new BufferLayout<'params' | 'xU' | 'hV' | 'h' | 'o' | 'leaf' | 'loss' | 'right'>()
    .add('params', parameterCount(shape))
    .add('xU', 4 * H)
    .add('hV', L * H)
    .add('h', L * 4 * H)
    .add('o', L * 4)
    .add('leaf', 8 * H + 4)
    .add('loss', pairs)
    .add('right', Math.ceil(pairs / 8)); // one byte per pair
  const engine = createRnnWasm(layout.doubles);
  if (!engine) return null;
  const b = layout.allocate(engine.alloc);
  const params = createFlatParams(shape, () => b.params);
  for (const name of params.names) params.views[name]!.set(p[name]!);
  const w = engine.exports;
  bindNetwork(w, { hiddenSize: H, bits: L, tanh, params: params.views, xU: b.xU });
  w.loadWeights();
  w.allPairs(b.hV.byteOffset, b.h.byteOffset, b.o.byteOffset, b.leaf.byteOffset, b.loss.byteOffset, b.right.byteOffset);
  const scores = { loss: b.loss.slice(), rightBits: new Uint8Array(b.right.buffer, b.right.byteOffset, pairs).slice() };
  // The memory serves the next walk (a stop rule walks every pair a few times per run).
  engine.release();
  return scores;
}

/** The work at one node of the tree; the four outputs it computes land in `o`. */
interface NodeSteps {
  /** Step t's four children (rows t·4 + x of the states) of the node whose state h_{t-1} is at row `prev` (t = 0: the root). */
  children(t: number, prev: number): void;
  /** The leaf below each of the four step-(L−2) states starting at row `states`. */
  leaves(states: number): void;
  readonly o: Float64Array;
}

/** The walk in JS. */
function scoreInJs(p: ParamViews, H: number, L: number, tanh: boolean): PairScores {
  const limit = operandLimit(L);
  const rightBits = new Uint8Array(limit * limit);
  const loss = new Float64Array(limit * limit);
  const steps = jsSteps(p, H, L, tanh);
  const o = steps.o;
  // Per step: the four children's losses and right bits so far.
  const childLoss = new Float64Array(L * 4);
  const childRight = new Uint8Array(L * 4);

  /** Expands the node at step t whose state h_{t-1} is at row prev (t = 0: the root, prev unused). */
  const expand = (t: number, prev: number, a: number, b: number, lossSoFar: number, rightSoFar: number): void => {
    steps.children(t, prev);
    const children = t * 4;
    const place = 1 << t; // t < bits ≤ 9 here
    for (let x = 0; x < 4; x++) {
      const y = ((a + (x >> 1) * place + (b + (x & 1) * place)) >>> t) & 1;
      childLoss[children + x] = lossSoFar + Math.abs(o[x]! - y);
      childRight[children + x] = rightSoFar + ((o[x]! > 0.5 ? 1 : 0) === y ? 1 : 0);
    }
    if (t < L - 2) {
      for (let x = 0; x < 4; x++) {
        expand(t + 1, children + x, a + (x >> 1) * place, b + (x & 1) * place, childLoss[children + x]!, childRight[children + x]!);
      }
      return;
    }
    // The children are at step L−2: each has one leaf child, with input [0, 0], at step L−1.
    steps.leaves(children);
    for (let x = 0; x < 4; x++) {
      const leafA = a + (x >> 1) * place, leafB = b + (x & 1) * place;
      const y = ((leafA + leafB) >>> (L - 1)) & 1;
      const index = leafA * limit + leafB;
      loss[index] = childLoss[children + x]! + Math.abs(o[x]! - y);
      rightBits[index] = childRight[children + x]! + ((o[x]! > 0.5 ? 1 : 0) === y ? 1 : 0);
    }
  };
  expand(0, 0, 0, 0, 0, 0);
  return { rightBits, loss };
}

/** The node steps in JS. */
function jsSteps(p: ParamViews, H: number, L: number, tanh: boolean): NodeSteps {
  const U = p.U!, V = p.V!, W = p.W!, b_h = p.b_h ?? null, b_o = p.b_o ?? null;
  const bo = b_o ? b_o[0]! : 0;
  // x·U for the inputs x = [0,0], [0,1], [1,0], [1,1] (row 2·a_bit + b_bit), as in the forward pass.
  const xU = new Float64Array(4 * H);
  for (let x = 0; x < 4; x++) {
    for (let j = 0; j < H; j++) xU[x * H + j] = (x >> 1) * U[j]! + (x & 1) * U[H + j]!;
  }
  const h = new Float64Array(L * 4 * H);
  const hV = new Float64Array(L * H);
  const leafV = new Float64Array(4 * H), leafH = new Float64Array(4 * H);
  const o = new Float64Array(4);

  /** h and o for four inputs side by side: h[out + x·H + j] = f(P[pOffset + j] + xU[xRows[x]] + b_h). */
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
    o[0] = sigmoidOutput(z0, b_o !== null, bo);
    o[1] = sigmoidOutput(z1, b_o !== null, bo);
    o[2] = sigmoidOutput(z2, b_o !== null, bo);
    o[3] = sigmoidOutput(z3, b_o !== null, bo);
  };

  return {
    o,
    children(t, prev) {
      const row = t * H;
      if (t === 0) hV.fill(0, 0, H); // h_{-1}·V = 0
      else vecMat(h, prev * H, V, H, hV, row); // h_{t-1}·V
      fourStates(hV, row, true, h, t * 4 * H);
    },
    leaves(states) {
      for (let x = 0; x < 4; x++) vecMat(h, (states + x) * H, V, H, leafV, x * H);
      fourStates(leafV, 0, false, leafH, 0);
    },
  };
}

/** o = sigmoid(z + b_o), adding b_o only when there are biases (as the forward pass does). */
function sigmoidOutput(z: number, bias: boolean, b_o: number): number {
  return 1 / (1 + exp(-(bias ? z + b_o : z)));
}
