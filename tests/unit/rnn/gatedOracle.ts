/**
 * ONNX's LSTM and GRU operators written out the plain way, as the yardstick
 * for the gated cells: weights in ONNX's stacked layout (W: gates·H × 2,
 * R: gates·H × H, gate order i, o, f, c and z, r, h; linear_before_reset = 0),
 * one scalar at a time. Sums run in the order the core documents:
 * (Σ_k h_k·R[g·H + j][k]) + (x0·W[g·H + j][0] + x1·W[g·H + j][1]) + Wb + Rb,
 * with Rb = 0 (the core's one bias per gate is ONNX's Wb).
 */

import { sigmoid, tanh } from '@shared/rnn/activation';
import type { Cell } from '@shared/rnn/config';
import { gateWeightNames } from '@shared/rnn/weights';
import type { Weights } from '@shared/rnn/weights';

export interface OnnxWeights {
  /** gates·H rows of [w_x0, w_x1]. */
  W: number[][];
  /** gates·H rows of H. */
  R: number[][];
  /** gates·H, zero without biases. */
  Wb: number[];
  /** H×1 output layer and its bias. */
  out: number[];
  outBias: number;
}

/** Relabels the core's gate tensors into ONNX's stacked W, R and B. */
export function toOnnx(weights: Weights, cell: Exclude<Cell, 'rnn'>, H: number): OnnxWeights {
  const names = gateWeightNames(cell);
  const W: number[][] = [], R: number[][] = [], Wb: number[] = [];
  names.U.forEach((u, g) => {
    const U = weights[u]!.data, V = weights[names.V[g]!]!.data, b = weights[names.b[g]!]?.data;
    for (let j = 0; j < H; j++) {
      W.push([U[j]!, U[H + j]!]);
      R.push(Array.from({ length: H }, (_, k) => V[k * H + j]!));
      Wb.push(b ? b[j]! : 0);
    }
  });
  return { W, R, Wb, out: Array.from(weights.W!.data), outBias: weights.b_o ? weights.b_o.data[0]! : 0 };
}

export interface GatedTrace {
  o: number[];
  h: number[][];
  c: number[][];
  squaredError: number;
}

const bitOf = (n: number, t: number): number => Math.floor(n / 2 ** t) % 2;

/** Runs a + b through ONNX's cell and the output layer, bits steps, least significant first. */
export function onnxForward(cell: Exclude<Cell, 'rnn'>, w: OnnxWeights, H: number, bits: number, bias: boolean, a: number, b: number): GatedTrace {
  const gate = (g: number, j: number, x: number[], s: number[]): number => {
    const row = g * H + j;
    let sum = 0;
    for (let k = 0; k < H; k++) sum += s[k]! * w.R[row]![k]!;
    let pre = sum + (x[0]! * w.W[row]![0]! + x[1]! * w.W[row]![1]!);
    if (bias) pre += w.Wb[row]!;
    return pre;
  };
  let h = new Array<number>(H).fill(0);
  let c = new Array<number>(H).fill(0);
  const trace: GatedTrace = { o: [], h: [], c: [], squaredError: 0 };
  for (let t = 0; t < bits; t++) {
    const x = [bitOf(a, t), bitOf(b, t)];
    const next = new Array<number>(H), nextC = new Array<number>(H);
    if (cell === 'lstm') {
      for (let j = 0; j < H; j++) {
        const i = sigmoid(gate(0, j, x, h)), o = sigmoid(gate(1, j, x, h)), f = sigmoid(gate(2, j, x, h));
        const ct = tanh(gate(3, j, x, h));
        nextC[j] = f * c[j]! + i * ct;
        next[j] = o * tanh(nextC[j]!);
      }
    } else {
      const r = Array.from({ length: H }, (_, j) => sigmoid(gate(1, j, x, h)));
      const rh = h.map((v, k) => r[k]! * v);
      for (let j = 0; j < H; j++) {
        const z = sigmoid(gate(0, j, x, h));
        const ht = tanh(gate(2, j, x, rh));
        next[j] = (1 - z) * ht + z * h[j]!;
      }
    }
    h = next;
    if (cell === 'lstm') c = nextC;
    let zsum = 0;
    for (let j = 0; j < H; j++) zsum += h[j]! * w.out[j]!;
    if (bias) zsum += w.outBias;
    const o = sigmoid(zsum);
    trace.o.push(o);
    trace.h.push(h);
    trace.c.push(c);
    trace.squaredError += 0.5 * (o - bitOf(a + b, t)) ** 2;
  }
  return trace;
}
