import { afterEach, describe, expect, it } from 'vitest';
import { Rnn } from '../../../shared/rnn/bptt';
import { addOuterProducts, vecMat } from '../../../shared/rnn/kernels';
import { createFlatParams, initWeights, loadParams } from '../../../shared/rnn/network';
import { REFERENCE_PRESET, resolveConfig } from '../../../shared/rnn/config';
import { createRandom } from '../../../shared/rnn/random';
import { createWasmKernels } from '../../../shared/rnn/wasm-kernels';

const SIZES = [1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 64];

/** Values of mixed signs and magnitudes, so that a different summation order would show in the last bits. */
function fill(v: Float64Array, rng: ReturnType<typeof createRandom>): void {
  for (let i = 0; i < v.length; i++) v[i] = rng.randn() * 10 ** ((i % 5) - 2);
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.every((x, i) => Object.is(x, b[i]));

describe('the WebAssembly SIMD kernels', () => {
  it('are available in Node', () => {
    expect(createWasmKernels(16)).not.toBeNull();
  });

  it('give vecMat bit for bit as the JS kernel, for even and odd sizes', () => {
    const rng = createRandom('xoshiro', 7);
    for (const n of SIZES) {
      const k = createWasmKernels(n * n + 2 * n)!;
      const M = k.alloc(n * n), x = k.alloc(n), out = k.alloc(n);
      fill(M, rng);
      fill(x, rng);
      const expected = new Float64Array(n);
      vecMat(x, 0, M, n, expected, 0);
      k.vecMat(x.byteOffset, M.byteOffset, n, out.byteOffset);
      expect(sameBits(out, expected), `n = ${n}`).toBe(true);
    }
  });

  it('give addOuterProducts bit for bit as the JS kernel, adding to what is there', () => {
    const rng = createRandom('xoshiro', 8);
    for (const n of SIZES) {
      const k = createWasmKernels(2 * 9 * n + n * n)!;
      const A = k.alloc(9 * n), B = k.alloc(9 * n), D = k.alloc(n * n);
      fill(A, rng);
      fill(B, rng);
      fill(D, rng);
      const expected = new Float64Array(D);
      for (const [first, last] of [[1, 7], [0, 8], [3, 3]] as const) {
        addOuterProducts(expected, A, B, n, first, last);
        k.addOuterProducts(D.byteOffset, A.byteOffset, B.byteOffset, n, first, last);
        expect(sameBits(D, expected), `n = ${n}, t from ${last} to ${first}`).toBe(true);
      }
    }
  });
});

describe('without WebAssembly', () => {
  const saved = globalThis.WebAssembly;
  afterEach(() => {
    globalThis.WebAssembly = saved;
  });

  it('the network falls back to the JS kernels with the same results', () => {
    const run = (): Float64Array[] => {
      const config = resolveConfig({ ...REFERENCE_PRESET, hiddenSize: 9, seed: 3 });
      const params = createFlatParams(config), grads = createFlatParams(config);
      loadParams(params, initWeights(config, createRandom('xoshiro', 3)));
      const rnn = new Rnn(config.hiddenSize, config.bits, config.activation, params.views, grads.views);
      const pairs = [[13, 100], [120, 77], [64, 3]] as const;
      const losses = pairs.map(([a, b]) => {
        const loss = rnn.forward(a, b);
        rnn.backward();
        return loss;
      });
      return [new Float64Array(losses), new Float64Array(rnn.o), new Float64Array(grads.flat)];
    };
    const withWasm = run();
    // @ts-expect-error: simulating a host without WebAssembly
    delete globalThis.WebAssembly;
    expect(createWasmKernels(16)).toBeNull();
    const withoutWasm = run();
    withWasm.forEach((v, i) => expect(sameBits(v, withoutWasm[i]!)).toBe(true));
  });
});
