/**
 * The WebAssembly module (shared/rnn/wasm/rnn.wat) against the JS code it
 * stands in for. The JS path runs when a host has no WebAssembly, simulated
 * here by removing it; both must give the same bits, not just close numbers.
 */

import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { JsRnnKernel } from '@shared/rnn/kernel/jsRnnKernel';
import { createKernel, type Kernel, type NetShape } from '@shared/rnn/kernel/kernel';
import { addOuterProducts, vecMat } from '@shared/rnn/kernel/matrixLoops';
import { WasmRnnKernel } from '@shared/rnn/kernel/wasmRnnKernel';
import { loadParams, weightsAsParams } from '@shared/rnn/parameters';
import { scoreAllPairs } from '@shared/rnn/allPairs';
import { sgdUpdate } from '@shared/rnn/optimizers';
import { REFERENCE_PRESET, TrainingLoop, createRandom, initWeights, resolveConfig } from '@shared/rnn';
import type { TrainConfig } from '@shared/rnn';
import { createRnnWasm } from '@shared/rnn/wasm/engine';
import { RNN_WASM_BASE64 } from '@shared/rnn/wasm/rnnWasm';
import { TS_PATH, assemble, tsSource } from '../../../scripts/buildWasm';
import { fill, firstDifference, hostWebAssembly, steppedAlike, trainedBothWays, withoutWasm } from './bitForBit';

const SIZES = [1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 64];


describe('the WebAssembly module', () => {
  it('is what rnn.wat assembles to (run `npm run build:wasm` after editing the .wat)', async () => {
    const bytes = await assemble();
    expect(Buffer.from(bytes).toString('base64')).toBe(RNN_WASM_BASE64);
    expect(await readFile(TS_PATH, 'utf8')).toBe(tsSource(bytes));
  });

  it('loads in Node, and not without WebAssembly', () => {
    expect(createRnnWasm(16)).not.toBeNull();
    expect(withoutWasm(() => createRnnWasm(16))).toBeNull();
  });

  it('gives vecMat bit for bit as the JS kernel, for even and odd sizes', () => {
    const rng = createRandom('xoshiro', 7);
    for (const n of SIZES) {
      const k = createRnnWasm(n * n + 2 * n)!;
      const M = k.alloc(n * n), x = k.alloc(n), out = k.alloc(n);
      fill(M, rng);
      fill(x, rng);
      const expected = new Float64Array(n);
      vecMat(x, 0, M, n, expected, 0);
      k.exports.vecMat(x.byteOffset, M.byteOffset, n, out.byteOffset);
      expect(firstDifference(out, expected), `n = ${n}`).toBe(-1);
    }
  });

  it('gives addOuterProducts bit for bit as the JS kernel, adding to what is there', () => {
    const rng = createRandom('xoshiro', 8);
    for (const n of SIZES) {
      const k = createRnnWasm(2 * 9 * n + n * n)!;
      const A = k.alloc(9 * n), B = k.alloc(9 * n), D = k.alloc(n * n);
      fill(A, rng);
      fill(B, rng);
      fill(D, rng);
      const expected = new Float64Array(D);
      for (const [first, last] of [[1, 7], [0, 8], [3, 3]] as const) {
        addOuterProducts(expected, A, B, n, first, last);
        k.exports.addOuterProducts(D.byteOffset, A.byteOffset, B.byteOffset, n, first, last);
        expect(firstDifference(D, expected), `n = ${n}, t from ${last} to ${first}`).toBe(-1);
      }
    }
  });
});

/** Losses, outputs, hidden states and summed gradients of some pairs through a kernel. */
function runNetwork(shape: NetShape, seed: number, scale: number, make: (shape: NetShape) => Kernel): Float64Array[] {
  const config = resolveConfig({ ...REFERENCE_PRESET, ...shape, seed });
  const rng = createRandom('xoshiro', seed);
  const weights = initWeights(config, rng);
  for (const tensor of Object.values(weights)) fill(tensor.data, rng, scale);
  const rnn = make(config);
  loadParams(rnn.params, weights);
  rnn.loadWeights();
  const limit = 2 ** (config.bits - 1);
  const out: Float64Array[] = [];
  for (let i = 0; i < 40; i++) {
    const a = rng.randint(limit), b = i === 0 ? limit - 1 : rng.randint(limit);
    const loss = rnn.forward(a, b);
    rnn.backward();
    out.push(new Float64Array([loss]), new Float64Array(rnn.o), new Float64Array(rnn.h));
  }
  out.push(new Float64Array(rnn.grads!.flat));
  return out;
}

describe('SGD in WebAssembly', () => {
  it('updates as the JS step does and reports a non-finite result wherever it lands', () => {
    const rng = createRandom('xoshiro', 9);
    for (const n of [1, 2, 7, 304]) {
      for (const bad of [-1, 0, n - 1]) {
        const k = createRnnWasm(2 * n)!;
        const w = k.alloc(n), g = k.alloc(n);
        fill(w, rng);
        fill(g, rng);
        if (bad >= 0) g[bad] = bad % 2 ? Infinity : Number.NaN;
        const jsW = new Float64Array(w), jsG = new Float64Array(g);
        const finite = k.exports.sgd(w.byteOffset, g.byteOffset, n, 0.3, 0.7) === 1;
        expect(finite, `n = ${n}, bad = ${bad}`).toBe(sgdUpdate(jsW, jsG, 0.3, 0.7));
        expect(finite).toBe(bad < 0);
        expect(firstDifference(w, jsW), `n = ${n}`).toBe(-1);
      }
    }
  });
});

describe('the kernel factory', () => {
  it('picks the WebAssembly kernel where the host has it, and the JavaScript one where not', () => {
    const shape: NetShape = { hiddenSize: 4, bits: 3, bias: false, activation: 'sigmoid' };
    expect(createKernel(shape, true)).toBeInstanceOf(WasmRnnKernel);
    expect(withoutWasm(() => createKernel(shape, true))).toBeInstanceOf(JsRnnKernel);
    expect(withoutWasm(() => WasmRnnKernel.create(shape, true))).toBeNull();
  });

  it('updates by SGD in either kernel alike', () => {
    const shape: NetShape = { hiddenSize: 5, bits: 4, bias: true, activation: 'tanh' };
    const kernels = steppedAlike([WasmRnnKernel.create(shape, true)!, new JsRnnKernel(shape, true)], 12);
    expect(firstDifference(kernels[0]!.params.flat, kernels[1]!.params.flat)).toBe(-1);
  });
});

describe('a network in WebAssembly', () => {
  const cases: [NetShape, number][] = [];
  for (const activation of ['sigmoid', 'tanh'] as const) {
    for (const bias of [false, true]) {
      for (const [hiddenSize, bits] of [[16, 8], [1, 2], [3, 5], [7, 9], [17, 13], [2, 32]] as const) {
        // scale 1: ordinary weights; 300: saturated units and exponents beyond ±708, where exp defers to Math.exp
        for (const scale of [1, 300]) cases.push([{ hiddenSize, bits, activation, bias }, scale]);
      }
    }
  }

  it.each(cases)('gives the JS path bit for bit: %o, weights ×%d', (shape, scale) => {
    const withWasm = runNetwork(shape, 11, scale, (s) => WasmRnnKernel.create(s, true)!);
    const withJs = runNetwork(shape, 11, scale, (s) => new JsRnnKernel(s, true));
    withWasm.forEach((v, i) => expect(firstDifference(v, withJs[i]!), `array ${i}`).toBe(-1));
  });
});

describe('the all-pairs walk in WebAssembly', () => {
  const cases: [NetShape, number][] = [];
  for (const activation of ['sigmoid', 'tanh'] as const) {
    for (const bias of [false, true]) {
      for (const [hiddenSize, bits] of [[16, 8], [1, 2], [5, 6], [12, 3]] as const) {
        for (const scale of [1, 300]) cases.push([{ hiddenSize, bits, activation, bias }, scale]);
      }
    }
  }

  it.each(cases)('gives the JS path bit for bit: %o, weights ×%d', (shape, scale) => {
    const config = resolveConfig({ ...REFERENCE_PRESET, ...shape, seed: 4 });
    const rng = createRandom('xoshiro', 4);
    const weights = initWeights(config, rng);
    for (const tensor of Object.values(weights)) fill(tensor.data, rng, scale);
    const score = () => scoreAllPairs(weightsAsParams(weights), shape.hiddenSize, shape.bits, shape.activation === 'tanh');
    const withWasm = score();
    const withJs = withoutWasm(score);
    expect(firstDifference(withWasm.loss, withJs.loss)).toBe(-1);
    expect(firstDifference(withWasm.rightBits, withJs.rightBits)).toBe(-1);
    // the scores are not trivially equal: the untrained networks get some pairs right and some wrong
    expect(new Set(withWasm.rightBits).size).toBeGreaterThan(1);
  });
});

describe('training in WebAssembly', () => {
  afterEach(() => {
    globalThis.WebAssembly = hostWebAssembly;
  });

  const configs: Partial<TrainConfig>[] = [
    {},
    { activation: 'tanh', bias: true, optimizer: 'adam', learningRate: 0.01, batchSize: 4 },
    { hiddenSize: 9, bits: 6, optimizer: 'momentum', clip: 0.5, init: 'xavier', rng: 'xoshiro' },
  ];

  it.each(configs)('gives the same losses and weights as the JS path: %o', (options) => {
    const { withWasm, withJs } = trainedBothWays(options);
    withWasm.forEach((v, i) => expect(firstDifference(v, withJs[i]!), `array ${i}`).toBe(-1));
  });
});

describe('released WebAssembly modules', () => {
  it('serve the next module of their size, zeroed, and then train to the same bits as a fresh one', () => {
    const config = resolveConfig({ ...REFERENCE_PRESET, seed: 8, iterations: 1e9 });
    const losses = new Float64Array(300);
    const trainedBy = (loop: TrainingLoop) => {
      loop.train(300, losses);
      return [...losses, ...Object.values(loop.weights()).flatMap((t) => [...t!.data])];
    };
    const first = new TrainingLoop(config);
    const fresh = trainedBy(first);
    const buffer = (first.parameterView().flat as Float64Array).buffer;
    first.dispose();
    // Same size, another seed: it must get the released memory, with nothing of the first run left in it.
    const second = new TrainingLoop({ ...config, seed: 9 });
    expect((second.parameterView().flat as Float64Array).buffer).toBe(buffer);
    second.dispose();
    const again = new TrainingLoop(config);
    expect((again.parameterView().flat as Float64Array).buffer).toBe(buffer);
    expect(trainedBy(again)).toEqual(fresh);
  });

  it('are zeroed past the module\'s constants, and one released twice is kept once', () => {
    const a = createRnnWasm(1000)!;
    a.alloc(1000).fill(7);
    a.release();
    a.release();
    const b = createRnnWasm(1000)!;
    const c = createRnnWasm(1000)!;
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(b.alloc(1000).every((x) => x === 0)).toBe(true);
  });
});
