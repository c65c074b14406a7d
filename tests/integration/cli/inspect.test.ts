/**
 * `inspect` as a real process, checked against BPTT written here the
 * textbook way (nested arrays, Math.exp, one loop per equation), and its
 * gradients against the training kernel's, bit for bit.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { createKernel, weightNames } from '@shared/rnn';
import { traceSample } from '@shared/rnn/inspect';
import { loadParams } from '@shared/rnn/parameters';
import type { Model } from '@shared/model-file/model';
import { jsonLine, readModel, runCli, tempDirForFile, trainModel } from './runCli';

interface Textbook {
  steps: { x: number[]; pre: number[]; h: number[]; o: number; y: number; d_o: number; d_hraw: number[]; dLdhNorm: number; dUNorm: number; dVNorm: number }[];
  dU: number[][]; dV: number[][]; dW: number[][]; db_h: number[]; db_o: number;
}

/** ALGORITHM.md's forward and backward pass for one pair, with biases when the model has them. */
function textbook(model: Model, a: number, b: number): Textbook {
  const H = model.config.hiddenSize, L = model.config.bits, tanh = model.config.activation === 'tanh';
  const m = (name: 'U' | 'V' | 'W', rows: number, cols: number): number[][] =>
    Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => model.weights[name]!.data[r * cols + c]!));
  const U = m('U', 2, H), V = m('V', H, H), W = m('W', H, 1);
  const bh = model.weights.b_h ? Array.from(model.weights.b_h.data) : new Array<number>(H).fill(0);
  const bo = model.weights.b_o ? model.weights.b_o.data[0]! : 0;
  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
  const f = tanh ? Math.tanh : sigmoid;
  const bit = (n: number, t: number): number => Math.floor(n / 2 ** t) % 2;
  const hs: number[][] = [new Array<number>(H).fill(0)]; // hs[t + 1] = h_t
  const steps: Textbook['steps'] = [];
  for (let t = 0; t < L; t++) {
    const x = [bit(a, t), bit(b, t)];
    const pre = new Array<number>(H).fill(0);
    for (let j = 0; j < H; j++) {
      for (let i = 0; i < 2; i++) pre[j]! += x[i]! * U[i]![j]!;
      for (let k = 0; k < H; k++) pre[j]! += hs[t]![k]! * V[k]![j]!;
      pre[j]! += bh[j]!;
    }
    const h = pre.map(f);
    hs.push(h);
    let z = bo;
    for (let j = 0; j < H; j++) z += h[j]! * W[j]![0]!;
    steps.push({ x, pre, h, o: sigmoid(z), y: bit(a + b, t), d_o: 0, d_hraw: [], dLdhNorm: 0, dUNorm: 0, dVNorm: 0 });
  }
  const zeros = (r: number, c: number): number[][] => Array.from({ length: r }, () => new Array<number>(c).fill(0));
  const g = { dU: zeros(2, H), dV: zeros(H, H), dW: zeros(H, 1), db_h: new Array<number>(H).fill(0), db_o: 0 };
  let future = new Array<number>(H).fill(0);
  for (let t = L - 1; t >= 0; t--) {
    const s = steps[t]!, hPrev = hs[t]!;
    s.d_o = (s.o - s.y) * s.o * (1 - s.o);
    const d_h = s.h.map((_, j) => s.d_o * W[j]![0]! + future[j]!);
    s.dLdhNorm = Math.sqrt(d_h.reduce((sum, d) => sum + d * d, 0));
    s.d_hraw = d_h.map((d, j) => d * (tanh ? 1 - s.h[j]! ** 2 : s.h[j]! * (1 - s.h[j]!)));
    let uTerm = 0, vTerm = 0;
    for (let j = 0; j < H; j++) {
      g.dW[j]![0]! += s.h[j]! * s.d_o;
      g.db_h[j]! += s.d_hraw[j]!;
      for (let i = 0; i < 2; i++) {
        g.dU[i]![j]! += s.x[i]! * s.d_hraw[j]!;
        uTerm += (s.x[i]! * s.d_hraw[j]!) ** 2;
      }
      for (let k = 0; k < H; k++) {
        g.dV[k]![j]! += hPrev[k]! * s.d_hraw[j]!;
        vTerm += (hPrev[k]! * s.d_hraw[j]!) ** 2;
      }
    }
    g.db_o += s.d_o;
    s.dUNorm = Math.sqrt(uTerm);
    s.dVNorm = Math.sqrt(vTerm);
    future = hPrev.map((_, k) => s.d_hraw.reduce((sum, d, j) => sum + d * V[k]![j]!, 0));
  }
  return { steps, ...g };
}

function expectNear(actual: unknown, expected: number, what: string): void {
  expect(typeof actual, what).toBe('number');
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(expected)));
}

function expectAllNear(actual: unknown, expected: number[], what: string): void {
  expect(Array.isArray(actual), what).toBe(true);
  expect((actual as number[]).length, what).toBe(expected.length);
  expected.forEach((v, i) => expectNear((actual as number[])[i], v, `${what}[${i}]`));
}

const temp = tempDirForFile();
const models: Record<string, { path: string; model: Model }> = {};

beforeAll(async () => {
  const runs: Record<string, string[]> = {
    'sigmoid, no biases, 8 bits': ['--iterations', '3000', '--seed', '2'],
    'tanh, biases, 6 bits': ['--iterations', '500', '--seed', '5', '--bits', '6', '--hidden', '5', '--activation', 'tanh', '--bias', 'on'],
    lstm: ['--iterations', '300', '--seed', '3', '--cell', 'lstm', '--hidden', '4', '--bias', 'on'],
    gru: ['--iterations', '300', '--seed', '3', '--cell', 'gru', '--hidden', '4', '--bits', '6'],
  };
  for (const [name, args] of Object.entries(runs)) {
    const path = temp.at(`${name.replace(/[^a-z0-9]+/g, '-')}.json`);
    await trainModel(path, args);
    models[name] = { path, model: await readModel(path) };
  }
});

describe('cli inspect', () => {
  it.each([
    ['sigmoid, no biases, 8 bits', 3, 74],
    ['sigmoid, no biases, 8 bits', 127, 127],
    ['tanh, biases, 6 bits', 19, 30],
  ] as const)('%s: %i + %i step by step, as the textbook loops compute it', async (name, a, b) => {
    const { path, model } = models[name]!;
    const result = await runCli(['inspect', path, String(a), String(b)]);
    expect(result.code).toBe(0);
    const line = jsonLine(result);
    const want = textbook(model, a, b);
    const bias = model.config.bias;
    expect(Object.keys(line)).toEqual(['a', 'b', 'steps', 'gradients', 'perStep']);
    expect([line.a, line.b]).toEqual([a, b]);
    const steps = line.steps as Record<string, unknown>[];
    expect(steps).toHaveLength(model.config.bits);
    steps.forEach((s, t) => {
      const w = want.steps[t]!;
      expect(Object.keys(s)).toEqual(['t', 'x', 'preActivation', 'h', 'y', 'target', 'outputDelta', 'hiddenDelta', 'dLdhNorm']);
      expect(s.t).toBe(t);
      expect(s.x).toEqual(w.x);
      expect(s.target).toBe(w.y);
      expectAllNear(s.preActivation, w.pre, `steps[${t}].preActivation`);
      expectAllNear(s.h, w.h, `steps[${t}].h`);
      expectNear(s.y, w.o, `steps[${t}].y`);
      expectNear(s.outputDelta, w.d_o, `steps[${t}].outputDelta`);
      expectAllNear(s.hiddenDelta, w.d_hraw, `steps[${t}].hiddenDelta`);
      expectNear(s.dLdhNorm, w.dLdhNorm, `steps[${t}].dLdhNorm`);
    });
    const gradients = line.gradients as Record<string, number[]>;
    expect(Object.keys(gradients)).toEqual(bias ? ['U', 'V', 'W', 'b_h', 'b_o'] : ['U', 'V', 'W']);
    expectAllNear(gradients.U, want.dU.flat(), 'U');
    expectAllNear(gradients.V, want.dV.flat(), 'V');
    expectAllNear(gradients.W, want.dW.flat(), 'W');
    if (bias) {
      expectAllNear(gradients.b_h, want.db_h, 'b_h');
      expectAllNear(gradients.b_o, [want.db_o], 'b_o');
    }
    const perStep = line.perStep as Record<string, number>[];
    perStep.forEach((p, t) => {
      expect(p.t).toBe(t);
      expectNear(p.dUNorm, want.steps[t]!.dUNorm, `perStep[${t}].dUNorm`);
      expectNear(p.dVNorm, want.steps[t]!.dVNorm, `perStep[${t}].dVNorm`);
    });

    // And exactly what a training iteration on this pair adds up.
    const kernel = createKernel(model.config, true);
    loadParams(kernel.params, model.weights);
    kernel.beginIteration();
    kernel.sample(a, b);
    for (const weight of weightNames(model.config)) expect(gradients[weight]).toEqual(Array.from(kernel.grads!.views[weight]!, (v: number) => v + 0));
  });

  it.each([
    ['lstm', ['i', 'o', 'f', 'c'], 'c'],
    ['gru', ['z', 'r', 'h'], 'resetHidden'],
  ] as const)('%s: every gate by name, with its pre-activation, value and delta, and the gradient of a training iteration bit for bit', async (cell, gates, stateKey) => {
    const { path, model } = models[cell]!;
    const result = await runCli(['inspect', path, '21', '9']);
    expect(result.code).toBe(0);
    const line = jsonLine(result);
    const trace = traceSample(model.weights, model.config, 21, 9);
    const steps = line.steps as Record<string, any>[];
    expect(steps).toHaveLength(model.config.bits);
    steps.forEach((s, t) => {
      expect(Object.keys(s)).toEqual(['t', 'x', 'h', 'y', 'target', 'outputDelta', 'dLdhNorm', 'gates', stateKey, ...(cell === 'lstm' ? ['dLdcNorm'] : [])]);
      expect(Object.keys(s.gates)).toEqual(gates);
      const traced = trace.steps[t] as unknown as { gates: Record<string, { preActivation: Float64Array; value: Float64Array; delta: Float64Array }> };
      for (const g of gates) {
        expect(Object.keys(s.gates[g])).toEqual(['preActivation', 'value', 'delta']);
        expect(s.gates[g].value).toEqual(Array.from(traced.gates[g]!.value));
        expect(s.gates[g].delta).toEqual(Array.from(traced.gates[g]!.delta, (v) => v + 0));
      }
      // The gates make the state: an LSTM's h is o ⊙ tanh(c); a GRU's a mix of its candidate and the old state.
      s.h.forEach((h: number, j: number) => {
        if (cell === 'lstm') expectNear(h, s.gates.o.value[j] * Math.tanh(s.c[j]), `steps[${t}].h[${j}]`);
        else expectNear(h, (1 - s.gates.z.value[j]) * s.gates.h.value[j] + s.gates.z.value[j] * (t > 0 ? steps[t - 1]!.h[j] : 0), `steps[${t}].h[${j}]`);
      });
    });
    const perStep = line.perStep as Record<string, any>[];
    perStep.forEach((p, t) => {
      expect(Object.keys(p.gates)).toEqual(gates);
      expectNear(p.dUNorm, Math.hypot(...gates.map((g) => p.gates[g].dUNorm)), `perStep[${t}].dUNorm`);
    });
    const gradients = line.gradients as Record<string, number[]>;
    const kernel = createKernel(model.config, true);
    loadParams(kernel.params, model.weights);
    kernel.beginIteration();
    kernel.sample(21, 9);
    expect(Object.keys(gradients)).toEqual(weightNames(model.config));
    for (const weight of weightNames(model.config)) expect(gradients[weight]).toEqual(Array.from(kernel.grads!.views[weight]!, (v: number) => v + 0));
  });

  it.each([
    [['inspect'], 'inspect needs MODEL A B; missing MODEL A B (see inspect --help)'],
    [['inspect', 'MODEL', '1'], 'inspect needs MODEL A B; missing B (see inspect --help)'],
    [['inspect', 'MODEL', '128', '1'], 'A must be a whole number from 0 to 127 for 8-bit sums; got 128'],
    [['inspect', 'MODEL', '1', '2.5'], 'B must be a whole number from 0 to 127 for 8-bit sums; got "2.5"'],
    [['inspect', 'MODEL', '1', '2', '3'], 'inspect takes only MODEL A B; unexpected "3"'],
    [['inspect', 'MODEL', '1', '2', '--steps', '3'], 'unknown option --steps for inspect; it takes no options'],
    [['inspect', 'no-such-model.json', '1', '2'], 'cannot read no-such-model.json: no such file or folder'],
  ])('%j: exit 2 with one line', async (args, message) => {
    const path = models['sigmoid, no biases, 8 bits']!.path;
    const result = await runCli(args.map((arg) => (arg === 'MODEL' ? path : arg)));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`rnn-studio: ${message}\n`);
  });

  it('documents itself in --help', async () => {
    const result = await runCli(['inspect', '--help']);
    expect(result.code).toBe(0);
    for (const field of ['preActivation', 'hiddenDelta', 'dLdhNorm', 'gradients', 'perStep', 'dUNorm', 'dVNorm']) expect(result.stdout).toContain(field);
  });
});
