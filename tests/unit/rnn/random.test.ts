import { describe, expect, it } from 'vitest';
import { Mt19937, Xoshiro128, createRandom, splitmix32 } from '@shared/rnn/random';
import { initWeights, resolveConfig } from '@shared/rnn';

/*
 * Expected values for 'numpy' come from the generator's definition and agree
 * with NumPy's legacy RandomState (np.random.seed(s)):
 * - MT19937 seeded by init_genrand(0): the first tempered output is 2357136044.
 * - random() = rk_double: (a>>>5 · 2^26 + b>>>6) / 2^53 of the first two outputs
 *   → 0.5488135039273248 for seed 0 (np.random.seed(0); np.random.random()).
 * - randn() by the legacy polar method, second value cached:
 *   seed 0 → 1.764052345967664, 0.4001572083672233, 0.9787379841057392;
 *   seed 1 → 1.6243453636632417, −0.6117564136500754, −0.5281717522634557, −1.0729686221561705.
 * - randint(2^k) = the low k bits of one output: seed 0, randint(2^31) → 2357136044 − 2^31 = 209652396;
 *   seed 42, six randint(128) → 102, 51, 92, 14, 106, 71.
 * - randint(100) uses masked rejection (mask 127): seed 3 → 24, 3, 56, 72, 0.
 */
describe("the 'numpy' generator reproduces np.random.seed(s)", () => {
  it('gives init_genrand + tempering outputs', () => {
    expect(createRandom('numpy', 0).nextUint32()).toBe(2357136044);
    expect(createRandom('numpy', 4294967295).nextUint32()).toBe(419326371);
  });

  it('builds doubles from 53 bits of two outputs', () => {
    expect(createRandom('numpy', 0).random()).toBe(0.5488135039273248);
    expect(createRandom('numpy', 7).random()).toBe(0.07630828937395717);
  });

  it('draws normals by the polar method, returning the cached second value next', () => {
    const rng = createRandom('numpy', 0);
    expect([rng.randn(), rng.randn(), rng.randn()]).toEqual([1.764052345967664, 0.4001572083672233, 0.9787379841057392]);
    const seven = createRandom('numpy', 7);
    seven.random();
    expect(seven.randn()).toBe(-0.3206032549443759);
  });

  it('takes the logarithm in randn as glibc does, where Math.log is one unit off', () => {
    // NumPy (np.random.seed(0); np.random.randn(124)[122:]) gives 0.298238174206056, 1.3263858966870303;
    // with Math.log the polar method yields 0.29823817420605603 and 1.3263858966870308.
    const rng = createRandom('numpy', 0);
    for (let i = 0; i < 122; i++) rng.randn();
    expect([rng.randn(), rng.randn()]).toEqual([0.298238174206056, 1.3263858966870303]);
  });

  it('draws randint(2^k) as the low k bits of one output, and other ranges by masked rejection', () => {
    expect(createRandom('numpy', 0).randint(2 ** 31)).toBe(2357136044 - 2 ** 31);
    const r42 = createRandom('numpy', 42);
    expect(Array.from({ length: 6 }, () => r42.randint(128))).toEqual([102, 51, 92, 14, 106, 71]);
    const r3 = createRandom('numpy', 3);
    expect(Array.from({ length: 5 }, () => r3.randint(100))).toEqual([24, 3, 56, 72, 0]);
    const raw = new Mt19937(9), bounded = new Mt19937(9);
    for (let i = 0; i < 100; i++) expect(bounded.randint(256)).toBe(raw.nextUint32() & 255);
    expect(createRandom('numpy', 5).randint(1)).toBe(0);
  });

  it('initialises U, V, W with randn in row-major order, as np.random.randn(2,H), randn(H,H), randn(H,1)', () => {
    const w = initWeights(resolveConfig({ seed: 1 }), createRandom('numpy', 1));
    expect(Array.from(w.U!.data.subarray(0, 4))).toEqual([1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705]);
    const rng = createRandom('numpy', 1);
    const stream = Array.from({ length: 2 * 16 + 16 * 16 + 16 }, () => rng.randn());
    expect([...w.U!.data, ...w.V!.data, ...w.W!.data]).toEqual(stream);
    const xavier = initWeights(resolveConfig({ seed: 1, init: 'xavier' }), createRandom('numpy', 1));
    expect(xavier.U!.data[0]).toBe(1.6243453636632417 * Math.sqrt(2 / (2 + 16)));
    expect(xavier.V!.data[0]).toBe(stream[32]! * Math.sqrt(2 / 32));
  });
});

describe("the 'xoshiro' generator is xoshiro128**", () => {
  it('gives the outputs of its definition for the state [1, 2, 3, 4]', () => {
    // result = rotl(s1·5, 7)·9, then the xor-shift state update:
    // 1st: rotl(10, 7)·9 = 1280·9 = 11520; the state becomes [7, 0, 1026, 12288];
    // 2nd: rotl(0, 7)·9 = 0; the state becomes [12295, 1029, 1029, 25165824];
    // 3rd: rotl(5145, 7)·9 = 658560·9 = 5927040.
    const rng = new Xoshiro128(0, [1, 2, 3, 4]);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('fills its state with splitmix32 outputs of the seed', () => {
    const next = splitmix32(42);
    const state = [next(), next(), next(), next()] as const;
    const a = createRandom('xoshiro', 42), b = new Xoshiro128(0, state);
    for (let i = 0; i < 50; i++) expect(a.nextUint32()).toBe(b.nextUint32());
    // splitmix32's first step from 0: z = 0x9e3779b9, then the two multiply rounds.
    let z = 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    expect(splitmix32(0)()).toBe((z ^ (z >>> 16)) >>> 0);
  });

  it('derives doubles, normals and integers the same way as numpy', () => {
    const rng = createRandom('xoshiro', 3);
    const raw = new Xoshiro128(3);
    const a = raw.nextUint32() >>> 5, b = raw.nextUint32() >>> 6;
    expect(rng.random()).toBe((a * 2 ** 26 + b) / 2 ** 53);
    expect(rng.randint(64)).toBe(raw.nextUint32() & 63);
    const draws = Array.from({ length: 20000 }, () => rng.randn());
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('seeding', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    for (const kind of ['numpy', 'xoshiro'] as const) {
      const a = createRandom(kind, 123), b = createRandom(kind, 123), c = createRandom(kind, 124);
      const sa = Array.from({ length: 10 }, () => a.nextUint32());
      expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(sa);
      expect(Array.from({ length: 10 }, () => c.nextUint32())).not.toEqual(sa);
    }
  });

  it('rejects seeds that are not uint32 and bad randint ranges', () => {
    expect(() => createRandom('numpy', -1)).toThrow(/0 to 4294967295/);
    expect(() => createRandom('xoshiro', 1.5)).toThrow(/0 to 4294967295/);
    expect(() => createRandom('numpy', 1).randint(0)).toThrow(/from 1 to 2\^32/);
    expect(() => new Xoshiro128(0, [0, 0, 0, 0])).toThrow(/not all zero/);
  });
});
