import { describe, expect, it } from 'vitest';
import { createRandom } from '@shared/rnn/random';
import { initWeights, resolveConfig } from '@shared/rnn';

/*
 * NumPy 2.4.6 (x86-64 Linux, glibc 2.36 with its FMA build of log): the
 * 64-bit FNV-1a hash, as hex, of the bytes of np.random.randn(304) for
 * np.random.seed(s), s = 1…40 — U, V, W for H = 16 (32 + 256 + 16 normals),
 * recorded with
 *   def fnv1a64(b):
 *       h = 0xcbf29ce484222325
 *       for byte in b: h = ((h ^ byte) * 0x100000001b3) % 2**64
 *       return h
 *   for s in range(1, 41):
 *       np.random.seed(s); print(format(fnv1a64(np.random.randn(304).astype('<f8').tobytes()), '016x'))
 */
const FINGERPRINTS = [
  '40021e7f0f191b73',
  '6917fa69e5f010c5',
  '114237b44ab62962',
  '627ac278208cf611',
  '5f9194d10bcc381c',
  '1d83f945f110dc5b',
  'cc760020ee5cfc4f',
  'a6e950a7c8cb6b31',
  '1f9f4eaeed3517bc',
  'df644eb0fe0c0450',
  '5cc6a3f4a19bf8ad',
  'e33cc5a1e806d15c',
  'b61ad430f6ecd106',
  '983e74dd36c6e271',
  '57810fe477487c46',
  '4ef4467907e6e70f',
  '7e3b0d31cfb42e09',
  '070971e4b27878c3',
  'c8578bc72d7724c8',
  'fe409353dd9a6fad',
  'ee470f22d9d31df1',
  '78596860c5a3e4aa',
  '6cd388931e4c2ffa',
  '7f0c68e5314acb78',
  '5fc231237c8ad9ff',
  '335597919e36fe8a',
  '52eaeef43826d32b',
  '22ffa944510a2326',
  'ec976fbc09462915',
  'c0e391d40c012dfc',
  'a7b59381c6babe52',
  '5fcd489a57f994ad',
  'd9a85f3a73092d05',
  '6907f5db2060c6fe',
  'c608dc26dda87083',
  'c0e3b131def10920',
  'ab473422e473cb03',
  '3bf22f96aa3dacec',
  '903bdd8499a2fb77',
  '3004d47bfb25225c',
];

/*
 * [seed, index, np.random.randn(304)[index]] at the first place where the log
 * used before gave a different last bit. That log was meant to be correctly
 * rounded but was one unit off for 15 of the 6080 values of r2 these seeds
 * draw (13 where glibc's is correctly rounded); glibc's is not correctly
 * rounded for 4 of the 6080 (seeds 21, 23, 24, 25). The r2 values are in
 * log.test.ts.
 */
const LAST_BITS: [number, number, number][] = [
  [1, 166, 0.9863351878212421],
  [10, 168, 0.2741727807601068],
  [12, 218, -0.1935098532595785],
  [15, 168, 0.11691347992284461],
  [21, 53, 0.5737089363593981],
  [24, 266, -0.3334413857341187],
  [25, 114, -0.6017228082847372],
  [33, 36, -0.777376219079174],
  [34, 13, -0.4243172524460694],
];

/** U, V, W of the default H = 16 network for a 'numpy' seed, row-major, in drawing order. */
function initialWeights(seed: number): Float64Array {
  const w = initWeights(resolveConfig({ seed }), createRandom('numpy', seed));
  return Float64Array.from([...w.U!.data, ...w.V!.data, ...w.W!.data]);
}

/** 64-bit FNV-1a of the values' little-endian bytes, as 16 hex digits. */
function fnv1a64(values: Float64Array): string {
  const bytes = new DataView(new ArrayBuffer(8 * values.length));
  values.forEach((v, i) => bytes.setFloat64(8 * i, v, true));
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < bytes.byteLength; i++) h = ((h ^ BigInt(bytes.getUint8(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

describe("the 'numpy' generator's initial weights equal NumPy's bit for bit", () => {
  it('for seeds 1…40, as np.random.seed(s); np.random.randn(304)', () => {
    const weights = Array.from({ length: 40 }, (_, i) => initialWeights(i + 1));
    expect(weights.every((w) => w.length === 304)).toBe(true);
    expect(weights.map(fnv1a64)).toEqual(FINGERPRINTS);
  });

  it('in the last bit where the earlier log missed it', () => {
    for (const [seed, index, value] of LAST_BITS) expect(initialWeights(seed)[index]).toBe(value);
  });
});
