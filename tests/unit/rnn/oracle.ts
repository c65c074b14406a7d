/**
 * docs/algorithm.md written out the plain way, as the yardstick for the fast core:
 * nested arrays, one scalar at a time, no shared work between pairs.
 *
 * Sums run in the order the core documents (kernel/jsRnnKernel.ts): pre = (Σ_k h_k·V[k][j])
 * + (x0·U[0][j] + x1·U[1][j]) + b_h[j], z = Σ_j h_j·W[j] + b_o. It uses the
 * core's `sigmoid` and `tanh` because the core's exp differs from Math.exp (and
 * its tanh from Math.tanh) in the last bit now and then; activation.test.ts
 * checks those functions on their own.
 */

import { sigmoid, tanh } from '@shared/rnn/activation';
import type { Activation } from '@shared/rnn/config';
import type { Weights } from '@shared/rnn/weights';

export interface PlainWeights {
  U: number[][];
  V: number[][];
  W: number[][];
  b_h: number[] | null;
  b_o: number | null;
}

export interface Net {
  hiddenSize: number;
  bits: number;
  activation: Activation;
}

export function toPlain(w: Weights, H: number): PlainWeights {
  const rows = (data: Float64Array, r: number, c: number): number[][] =>
    Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));
  return {
    U: rows(w.U!.data, 2, H),
    V: rows(w.V!.data, H, H),
    W: rows(w.W!.data, H, 1),
    b_h: w.b_h ? Array.from(w.b_h!.data) : null,
    b_o: w.b_o ? w.b_o!.data[0]! : null,
  };
}

export const bit = (n: number, t: number): number => Math.floor(n / 2 ** t) % 2;

export interface Trace {
  /** h[t] = h_t, t = 0 … L−1. */
  h: number[][];
  o: number[];
  y: number[];
  x: number[][];
  /** Σ_t |o_t − y_t|. */
  loss: number;
  /** Σ_t ½(o_t − y_t)², the loss the gradient descends. */
  squaredError: number;
}

export function forwardOracle(w: PlainWeights, net: Net, a: number, b: number): Trace {
  const H = net.hiddenSize;
  const f = net.activation === 'tanh' ? tanh : sigmoid;
  let prev: number[] = new Array<number>(H).fill(0);
  const trace: Trace = { h: [], o: [], y: [], x: [], loss: 0, squaredError: 0 };
  for (let t = 0; t < net.bits; t++) {
    const x = [bit(a, t), bit(b, t)];
    const y = bit(a + b, t);
    const h: number[] = [];
    for (let j = 0; j < H; j++) {
      let hV = 0;
      for (let k = 0; k < H; k++) hV += prev[k]! * w.V[k]![j]!;
      let pre = hV + (x[0]! * w.U[0]![j]! + x[1]! * w.U[1]![j]!);
      if (w.b_h) pre += w.b_h[j]!;
      h.push(f(pre));
    }
    let z = 0;
    for (let j = 0; j < H; j++) z += h[j]! * w.W[j]![0]!;
    if (w.b_o !== null) z += w.b_o;
    const o = sigmoid(z);
    trace.h.push(h);
    trace.o.push(o);
    trace.y.push(y);
    trace.x.push(x);
    trace.loss += Math.abs(o - y);
    trace.squaredError += 0.5 * (o - y) ** 2;
    prev = h;
  }
  return trace;
}

export interface PlainGradient {
  U: number[][];
  V: number[][];
  W: number[][];
  b_h: number[];
  b_o: number;
}

/** BPTT exactly as docs/algorithm.md lists it, one equation per line. */
export function backwardOracle(w: PlainWeights, net: Net, trace: Trace): PlainGradient {
  const H = net.hiddenSize;
  const zeros = (r: number, c: number): number[][] => Array.from({ length: r }, () => new Array<number>(c).fill(0));
  const g: PlainGradient = { U: zeros(2, H), V: zeros(H, H), W: zeros(H, 1), b_h: new Array<number>(H).fill(0), b_o: 0 };
  let future: number[] = new Array<number>(H).fill(0);
  for (let t = net.bits - 1; t >= 0; t--) {
    const o = trace.o[t]!, y = trace.y[t]!, h = trace.h[t]!, x = trace.x[t]!;
    const hPrev = t > 0 ? trace.h[t - 1]! : new Array<number>(H).fill(0);
    const d_o = (o - y) * (o * (1 - o));
    for (let j = 0; j < H; j++) g.W[j]![0]! += h[j]! * d_o;
    g.b_o += d_o;
    const d_h = h.map((_, j) => d_o * w.W[j]![0]! + future[j]!);
    const fPrime = (v: number): number => (net.activation === 'tanh' ? 1 - v * v : v * (1 - v));
    const d_hraw = d_h.map((d, j) => d * fPrime(h[j]!));
    for (let i = 0; i < 2; i++) for (let j = 0; j < H; j++) g.U[i]![j]! += x[i]! * d_hraw[j]!;
    for (let k = 0; k < H; k++) for (let j = 0; j < H; j++) g.V[k]![j]! += hPrev[k]! * d_hraw[j]!;
    for (let j = 0; j < H; j++) g.b_h[j]! += d_hraw[j]!;
    future = new Array<number>(H).fill(0).map((_, k) => d_hraw.reduce((s, d, j) => s + d * w.V[k]![j]!, 0));
  }
  return g;
}

/** Exact and bit accuracy and mean L1 loss over the given pairs, pair by pair, in order. */
export function evaluateOracle(w: PlainWeights, net: Net, pairs: Iterable<[number, number]>) {
  let exact = 0, bits = 0, loss = 0, count = 0;
  const map: number[] = [];
  for (const [a, b] of pairs) {
    const trace = forwardOracle(w, net, a, b);
    let right = 0;
    for (let t = 0; t < net.bits; t++) if ((trace.o[t]! > 0.5 ? 1 : 0) === trace.y[t]) right++;
    bits += right;
    if (right === net.bits) exact++;
    map.push(right === net.bits ? 1 : 0);
    loss += trace.loss;
    count++;
  }
  return { exact: exact / count, bit: bits / (count * net.bits), pairs: count, meanLoss: loss / count, map };
}

export function* allPairs(bits: number): Generator<[number, number]> {
  const limit = 2 ** (bits - 1);
  for (let a = 0; a < limit; a++) for (let b = 0; b < limit; b++) yield [a, b];
}
