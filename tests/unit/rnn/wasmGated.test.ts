/**
 * The LSTM's and the GRU's WebAssembly kernel (rnn.wat's gated functions)
 * against the JS kernels it stands in for (lstmKernel.ts, gruKernel.ts). The
 * JS path runs where a host has no WebAssembly, simulated here by removing it;
 * both must give the same bits, not just close numbers.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { REFERENCE_PRESET, TrainingLoop, createRandom, initWeights, resolveConfig } from '@shared/rnn';
import type { TrainConfig } from '@shared/rnn';
import type { Cell } from '@shared/rnn/config';
import { GruKernel } from '@shared/rnn/kernel/gruKernel';
import { createKernel, type Kernel, type NetShape } from '@shared/rnn/kernel/kernel';
import { LstmKernel } from '@shared/rnn/kernel/lstmKernel';
import { WasmGatedKernel } from '@shared/rnn/kernel/wasmGatedKernel';
import { scoreGatedPairs } from '@shared/rnn/kernel/gatedPairs';
import { pairSequence } from '@shared/rnn/kernel/sequence';
import { loadParams } from '@shared/rnn/parameters';
import { fill, firstDifference, hostWebAssembly, steppedAlike, trainedBothWays, withoutWasm } from './bitForBit';

type GatedCell = Exclude<Cell, 'rnn'>;
const CELLS: GatedCell[] = ['lstm', 'gru'];


function jsKernel(cell: GatedCell, shape: NetShape, gradients: boolean): LstmKernel | GruKernel {
  return cell === 'lstm' ? new LstmKernel(shape, gradients) : new GruKernel(shape, gradients);
}

/** A kernel of the shape with random weights (×scale), loaded. */
function loaded<K extends Kernel>(shape: NetShape, seed: number, scale: number, make: (shape: NetShape) => K): K {
  // the weights do not depend on the length; the kernel may run longer sums than training takes (lengths.ts)
  const config = resolveConfig({ ...REFERENCE_PRESET, ...shape, bits: Math.min(shape.bits, 32), seed });
  const rng = createRandom('xoshiro', seed);
  const weights = initWeights(config, rng);
  for (const tensor of Object.values(weights)) fill(tensor.data, rng, scale);
  const kernel = make({ ...config, bits: shape.bits });
  loadParams(kernel.params, weights);
  kernel.loadWeights();
  return kernel;
}

/** Losses, outputs, hidden and cell states of some pairs through a kernel, then its summed gradients. */
function runNetwork(shape: NetShape, seed: number, scale: number, make: (shape: NetShape) => Kernel): Float64Array[] {
  const rnn = loaded(shape, seed, scale, make);
  const rng = createRandom('xoshiro', seed + 1);
  const limit = 2 ** (shape.bits - 1);
  const out: Float64Array[] = [];
  for (let i = 0; i < 40; i++) {
    const a = rng.randint(limit), b = i === 0 ? limit - 1 : rng.randint(limit);
    const loss = i % 2 ? rnn.sample(a, b) : rnn.forward(a, b);
    if (i % 2 === 0) rnn.backward();
    out.push(new Float64Array([loss]), new Float64Array(rnn.o), new Float64Array(rnn.h), new Float64Array(rnn.c ?? []));
  }
  out.push(new Float64Array(rnn.grads!.flat));
  return out;
}

describe('the gated kernels in WebAssembly', () => {
  const cases: [GatedCell, NetShape, number][] = [];
  for (const cell of CELLS) {
    for (const bias of [false, true]) {
      for (const [hiddenSize, bits] of [[16, 8], [1, 2], [2, 3], [3, 5], [7, 9], [8, 4], [17, 13], [2, 32]] as const) {
        // scale 1: ordinary weights; 300: saturated gates and exponents beyond ±708, where exp defers to Math.exp
        for (const scale of [1, 300]) cases.push([cell, { hiddenSize, bits, activation: 'sigmoid', bias, cell }, scale]);
      }
    }
  }

  it.each(cases)('give the JS kernel bit for bit: %s %o, weights ×%d', (cell, shape, scale) => {
    const withWasm = runNetwork(shape, 11, scale, (s) => WasmGatedKernel.create(cell, s, true)!);
    const withJs = runNetwork(shape, 11, scale, (s) => jsKernel(cell, s, true));
    withWasm.forEach((v, i) => expect(firstDifference(v, withJs[i]!), `array ${i}`).toBe(-1));
    // with ordinary weights the gradients are not trivially equal: some are non-zero
    if (scale === 1) expect(withJs.at(-1)!.some((g) => g !== 0)).toBe(true);
  });

  it.each(CELLS)('%s: large weights take exp past ±708 (outputs of exactly 0, where e^−z overflows), and the two paths still agree', (cell) => {
    const shape: NetShape = { hiddenSize: 16, bits: 8, activation: 'sigmoid', bias: true, cell };
    const wasm = loaded(shape, 3, 300, (s) => WasmGatedKernel.create(cell, s, true)!);
    const js = loaded(shape, 3, 300, (s) => jsKernel(cell, s, true));
    let overflowed = 0;
    for (let a = 0; a < 128; a += 9) {
      for (let b = 0; b < 128; b += 13) {
        expect(wasm.sample(a, b)).toBe(js.sample(a, b));
        expect(firstDifference(wasm.o, js.o)).toBe(-1);
        overflowed += wasm.o.filter((o) => o === 0).length;
      }
    }
    expect(overflowed).toBeGreaterThan(0);
    expect(firstDifference(wasm.grads!.flat, js.grads!.flat)).toBe(-1);
  });

  it.each(CELLS)('%s: runs any bit sequence forward as the JS kernel does, and a forward-only kernel has no backward', (cell) => {
    const shape: NetShape = { hiddenSize: 5, bits: 40, activation: 'sigmoid', bias: true, cell };
    const wasm = loaded(shape, 6, 1, (s) => WasmGatedKernel.create(cell, s, false)!);
    const js = loaded(shape, 6, 1, (s) => jsKernel(cell, s, false));
    const rng = createRandom('xoshiro', 6);
    const x = new Uint8Array(40), y = new Uint8Array(40);
    for (let i = 0; i < 5; i++) {
      for (let t = 0; t < 40; t++) {
        x[t] = rng.randint(4);
        y[t] = rng.randint(2);
      }
      expect(wasm.forwardSequence(x, y)).toBe(js.forwardSequence(x, y));
      expect(firstDifference(wasm.o, js.o)).toBe(-1);
      expect(firstDifference(wasm.h, js.h)).toBe(-1);
      expect(firstDifference(wasm.c ?? [], js.c ?? [])).toBe(-1);
    }
    // a pair's sequence gives the pair's forward pass
    pairSequence(1000, 77, 40, x, y);
    expect(wasm.forwardSequence(x, y)).toBe(wasm.forward(1000, 77));
    expect(wasm.grads).toBeNull();
    expect(() => wasm.backward()).toThrow(/without gradient buffers/);
    expect(() => wasm.sample(1, 2)).toThrow(/without gradient buffers/);
  });

  const walks: [GatedCell, NetShape][] = [];
  for (const cell of CELLS) {
    for (const [hiddenSize, bias] of [[16, false], [5, true]] as const) walks.push([cell, { hiddenSize, bits: 6, activation: 'sigmoid', bias, cell }]);
  }

  it.each(walks)('%s: the all-pairs walk through its steps gives the JS kernel\'s scores bit for bit: %o', (cell, shape) => {
    const withWasm = scoreGatedPairs(loaded(shape, 8, 1, (s) => WasmGatedKernel.create(cell, s, false)!));
    const withJs = scoreGatedPairs(loaded(shape, 8, 1, (s) => jsKernel(cell, s, false)));
    expect(firstDifference(withWasm.loss, withJs.loss)).toBe(-1);
    expect(firstDifference(withWasm.rightBits, withJs.rightBits)).toBe(-1);
    expect(new Set(withJs.rightBits).size).toBeGreaterThan(1);
  });

  it.each(CELLS)('%s: SGD updates as the JS step does and reports a non-finite weight', (cell) => {
    const shape: NetShape = { hiddenSize: 3, bits: 4, activation: 'sigmoid', bias: true, cell };
    const kernels = steppedAlike<Kernel>([WasmGatedKernel.create(cell, shape, true)!, jsKernel(cell, shape, true)], 12);
    expect(firstDifference(kernels[0]!.params.flat, kernels[1]!.params.flat)).toBe(-1);
    for (const k of kernels) {
      k.grads!.flat[k.grads!.flat.length - 1] = Infinity;
      expect(k.sgdStep(0.3, 0.7)).toBe(false);
    }
  });
});

describe('the kernel factory for the gated cells', () => {
  it.each(CELLS)('%s: picks the WebAssembly kernel where the host has it, and the JavaScript one where not', (cell) => {
    const shape: NetShape = { hiddenSize: 4, bits: 3, bias: false, activation: 'sigmoid', cell };
    expect(createKernel(shape, true)).toBeInstanceOf(WasmGatedKernel);
    expect(createKernel(shape, false)).toBeInstanceOf(WasmGatedKernel);
    expect(withoutWasm(() => createKernel(shape, true))).toBeInstanceOf(cell === 'lstm' ? LstmKernel : GruKernel);
    expect(withoutWasm(() => WasmGatedKernel.create(cell, shape, true))).toBeNull();
  });
});

describe('training the gated cells in WebAssembly', () => {
  afterEach(() => {
    globalThis.WebAssembly = hostWebAssembly;
  });

  const configs: Partial<TrainConfig>[] = [];
  for (const cell of CELLS) {
    configs.push(
      { cell },
      { cell, bias: false, hiddenSize: 7, bits: 6, learningRate: 0.5 },
      { cell, bias: true, optimizer: 'adam', learningRate: 0.01, batchSize: 4 },
      { cell, hiddenSize: 9, bits: 6, optimizer: 'momentum', clip: 0.5, init: 'xavier', rng: 'xoshiro' },
    );
  }

  it.each(configs)('gives the same losses and weights as the JS path: %o', (options) => {
    const { withWasm, withJs } = trainedBothWays(options);
    withWasm.forEach((v, i) => expect(firstDifference(v, withJs[i]!), `array ${i}`).toBe(-1));
    // training moved: the losses of the first and last iterations differ
    expect(withWasm[0]![0]).not.toBe(withWasm[0]![1499]);
  });
});
