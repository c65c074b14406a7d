/**
 * Every pair's score for a gated cell, by walking the tree of input prefixes
 * depth first (as allPairs.ts does for the vanilla cell): pairs that agree in
 * their low t bits share their first t states, so each shared step runs once.
 * For 8 bits that is about 38 000 steps instead of 131 000. Each step is the
 * kernel's own step() from the same predecessor state, and the loss adds up
 * in step order, so every pair's numbers equal its own forward pass bit for bit.
 */

import type { PairScores } from '../allPairs';
import { operandLimit } from '../task';
import type { Kernel } from './kernel';

/** A kernel that also runs one time step at a time: the gated cells' (gatedKernel.ts, wasmGatedKernel.ts). */
export interface SteppingKernel extends Kernel {
  /** The state after step t (row t + 1) from row t and the input xt = 2·a_t + b_t; returns o_t. */
  step(t: number, xt: number): number;
}

/** Whether the kernel runs step by step. */
export function isSteppingKernel(kernel: Kernel): kernel is SteppingKernel {
  return typeof (kernel as Partial<SteppingKernel>).step === 'function';
}

/** Scores all 4^(L−1) pairs (L ≥ 2) at index a·2^(L−1) + b. */
export function scoreGatedPairs(kernel: SteppingKernel): PairScores {
  const L = kernel.L;
  const half = operandLimit(L);
  const loss = new Float64Array(half * half);
  const rightBits = new Uint8Array(half * half);
  // Step t's input is x = 2·a_t + b_t; its target is bit t of a + b, which the carry into step t fixes.
  const visit = (t: number, a: number, b: number, carry: number, lossBefore: number, rightBefore: number): void => {
    const last = t === L - 1; // a, b < 2^(L−1): the last step's input is always [0, 0]
    for (let x = 0; x < (last ? 1 : 4); x++) {
      const at = x >> 1, bt = x & 1;
      const sum = at + bt + carry, y = sum & 1;
      const o = kernel.step(t, x);
      const lossAfter = lossBefore + Math.abs(o - y);
      const rightAfter = rightBefore + ((o > 0.5 ? 1 : 0) === y ? 1 : 0);
      const a2 = a + at * 2 ** t, b2 = b + bt * 2 ** t;
      if (last) {
        loss[a2 * half + b2] = lossAfter;
        rightBits[a2 * half + b2] = rightAfter;
      } else {
        visit(t + 1, a2, b2, sum >> 1, lossAfter, rightAfter);
      }
    }
  };
  visit(0, 0, 0, 0, 0, 0);
  return { loss, rightBits };
}
