/** What the tests of two implementations that must agree bit for bit share: testing data, the comparison, a host without WebAssembly. */

import { REFERENCE_PRESET, TrainingLoop, createRandom, resolveConfig, type Kernel, type TrainConfig } from '@shared/rnn';

/** Values of mixed signs and magnitudes, so that a different summation order would show in the last bits. */
export function fill(v: Float64Array, rng: ReturnType<typeof createRandom>, scale = 1): void {
  for (let i = 0; i < v.length; i++) v[i] = rng.randn() * scale * 10 ** ((i % 5) - 2);
}

/** The first index where a and b differ in any bit (−0 ≠ 0), or −1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** The WebAssembly API as the host has it, to put back after a test took it away. */
export const hostWebAssembly = globalThis.WebAssembly;

/** Runs `run` on a host without WebAssembly (the JS kernels' path). */
export function withoutWasm<T>(run: () => T): T {
  // @ts-expect-error: simulating a host without WebAssembly
  delete globalThis.WebAssembly;
  try {
    return run();
  } finally {
    globalThis.WebAssembly = hostWebAssembly;
  }
}

/** 1 500 iterations of a configuration with the host's kernels and without WebAssembly: losses and weights, each way. */
export function trainedBothWays(options: Partial<TrainConfig>): { withWasm: Float64Array[]; withJs: Float64Array[] } {
  const run = (): Float64Array[] => {
    const trainer = new TrainingLoop(resolveConfig({ ...REFERENCE_PRESET, ...options, seed: 5 }));
    const losses = new Float64Array(1500);
    const ran = trainer.train(1500, losses);
    if (ran !== 1500) throw new Error(`training stopped after ${ran} iterations`);
    return [losses, ...Object.values(trainer.weights()).map((t) => t!.data)];
  };
  return { withWasm: run(), withJs: withoutWasm(run) };
}

/** The same random parameters and gradients into each kernel, one SGD step each (which must stay finite); the kernels, updated. */
export function steppedAlike<K extends Kernel>(kernels: K[], seed: number): K[] {
  const rng = createRandom('xoshiro', seed);
  const values = new Float64Array(kernels[0]!.params.flat.length * 2);
  fill(values, rng);
  for (const k of kernels) {
    k.params.flat.set(values.subarray(0, k.params.flat.length));
    k.grads!.flat.set(values.subarray(k.params.flat.length));
    if (!k.sgdStep(0.3, 0.7)) throw new Error('the SGD step gave a non-finite weight');
  }
  return kernels;
}
