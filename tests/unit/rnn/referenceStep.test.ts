/**
 * One iteration of the reference preset on a case small enough to follow by
 * hand: H = 2, 3 bits, fixed weights. The expected numbers are docs/algorithm.md's
 * equations written out here, independently of the core.
 */

import { describe, expect, it } from 'vitest';
import { REFERENCE_PRESET, TrainingLoop, createRandom, initWeights } from '@shared/rnn';
import type { TrainConfig, Weights } from '@shared/rnn';

const config: TrainConfig = { ...REFERENCE_PRESET, bits: 3, hiddenSize: 2, seed: 2024 };
const U = [[0.5, -0.25], [0.75, 0.125]];
const V = [[0.25, -0.5], [0.5, 0.25]];
const W = [0.9, -0.75];

const weights = (): Weights => ({
  U: { shape: [2, 2], data: Float64Array.from(U.flat()) },
  V: { shape: [2, 2], data: Float64Array.from(V.flat()) },
  W: { shape: [2, 1], data: Float64Array.from(W) },
});

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** docs/algorithm.md, "One training iteration", for H = 2. */
function referenceIteration(a: number, b: number, lr: number) {
  const L = 3;
  const bitOf = (n: number, t: number): number => (n >> t) & 1;
  const h: number[][] = [[0, 0]]; // h[t + 1] = h_t, h[0] = h_{-1} = 0
  const o: number[] = [], x: number[][] = [], y: number[] = [];
  let loss = 0;
  for (let t = 0; t < L; t++) {
    x[t] = [bitOf(a, t), bitOf(b, t)];
    y[t] = bitOf(a + b, t);
    const p = h[t]!;
    // h_t = sigmoid(x_t·U + h_{t-1}·V)
    const ht = [0, 1].map((j) => sigmoid(x[t]![0]! * U[0]![j]! + x[t]![1]! * U[1]![j]! + p[0]! * V[0]![j]! + p[1]! * V[1]![j]!));
    h.push(ht);
    o[t] = sigmoid(ht[0]! * W[0]! + ht[1]! * W[1]!); // o_t = sigmoid(h_t·W)
    loss += Math.abs(o[t]! - y[t]!); // loss += |o_t − y_t|
  }
  const dU = [[0, 0], [0, 0]], dV = [[0, 0], [0, 0]], dW = [0, 0];
  let future = [0, 0];
  for (let t = L - 1; t >= 0; t--) {
    const ot = o[t]!, ht = h[t + 1]!, hp = h[t]!;
    const d_o = (ot - y[t]!) * ot * (1 - ot); // d_o = (o_t − y_t)·o_t·(1 − o_t)
    for (let j = 0; j < 2; j++) dW[j]! += ht[j]! * d_o; // dW += h_tᵀ·d_o
    const d_h = [0, 1].map((j) => d_o * W[j]! + future[j]!); // d_h = d_o·Wᵀ + future
    const d_hraw = [0, 1].map((j) => d_h[j]! * ht[j]! * (1 - ht[j]!)); // d_hraw = d_h ⊙ h_t ⊙ (1 − h_t)
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) dU[i]![j]! += x[t]![i]! * d_hraw[j]!; // dU += x_tᵀ·d_hraw
    for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) dV[k]![j]! += hp[k]! * d_hraw[j]!; // dV += h_{t-1}ᵀ·d_hraw
    future = [0, 1].map((k) => d_hraw[0]! * V[k]![0]! + d_hraw[1]! * V[k]![1]!); // future = d_hraw·Vᵀ
  }
  return {
    loss,
    dU,
    dV,
    dW,
    U: U.map((row, i) => row.map((w, j) => w - lr * dU[i]![j]!)), // U −= lr·dU
    V: V.map((row, k) => row.map((w, j) => w - lr * dV[k]![j]!)), // V −= lr·dV
    W: W.map((w, j) => w - lr * dW[j]!), // W −= lr·dW
  };
}

function expectNear(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(expected[i]!)));
}

describe('one reference iteration equals the equations of docs/algorithm.md', () => {
  // The trainer draws its initial weights first (2·2 + 2·2 + 2·1 normals, discarded for given weights), then a, b.
  const rng = createRandom('numpy', config.seed);
  initWeights(config, rng);
  const a = rng.randint(4), b = rng.randint(4);
  const expected = referenceIteration(a, b, config.learningRate);

  it('draws a pair that exercises carries', () => {
    expect([a, b]).toEqual([3, 3]); // 3 + 3 = 6 = 110₂: a carry into both upper bits
  });

  it('reports the L1 loss and applies U −= lr·dU, V −= lr·dV, W −= lr·dW', () => {
    const trainer = new TrainingLoop(config, { weights: weights() });
    const losses = new Float64Array(1);
    expect(trainer.train(1, losses)).toBe(1);
    expect(trainer.iteration).toBe(1);
    expectNear(losses, [expected.loss]);
    const w = trainer.weights();
    expectNear(w.U!.data, expected.U.flat());
    expectNear(w.V!.data, expected.V.flat());
    expectNear(w.W!.data, expected.W);
    expect(w.b_h).toBeUndefined();
    expect(w.b_o).toBeUndefined();
  });

  it('reports the gradient norms of that iteration', () => {
    const trainer = new TrainingLoop(config, { weights: weights() });
    trainer.train(1, new Float64Array(1));
    const norm = (m: number[]): number => Math.hypot(...m);
    const norms = trainer.gradNorms();
    expect(Object.keys(norms).sort()).toEqual(['U', 'V', 'W']);
    expect(norms.U).toBeCloseTo(norm(expected.dU.flat()), 15);
    expect(norms.V).toBeCloseTo(norm(expected.dV.flat()), 15);
    expect(norms.W).toBeCloseTo(norm(expected.dW), 15);
  });
});
