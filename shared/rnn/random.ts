/**
 * Seeded random numbers, reproducible bit for bit on every JavaScript engine.
 *
 * - 'numpy' (the default, RngKind of REFERENCE_PRESET): NumPy's legacy stream
 *   as set up by `np.random.seed(s)`: MT19937 seeded with init_genrand, doubles
 *   as rk_double (53 bits from two draws), `randn` by the legacy polar method
 *   with its cached second value, `randint` by masked rejection. A Python run
 *   seeded with `np.random.seed(s)` that draws in the same order gets the same
 *   numbers.
 * - 'xoshiro': xoshiro128** (Blackman & Vigna, 2018), its 128-bit state filled
 *   with four outputs of splitmix32 started at the seed. Smaller and faster to
 *   seed than MT19937; doubles, normals and integers are derived exactly as above.
 */

import type { RngKind } from './config';
import { LegacyDistributions } from './numpy/legacyDistributions';
import { Mt19937 } from './numpy/mt19937';
import { checkRandomState, type RandomState } from './trainerState';

export { Mt19937 } from './numpy/mt19937';

export interface Random {
  /** The next raw 32-bit output, as an integer in [0, 2^32). */
  nextUint32(): number;
  /** A double in [0, 1) with 53 random bits. */
  random(): number;
  /** A standard normal deviate. */
  randn(): number;
  /** Fills `out` with standard normal deviates times `scale`, in order: the same numbers as randn() * scale for each element. */
  fillRandn(out: Float64Array, scale: number): void;
  /** An integer in [0, n), for an integer n from 1 to 2^32. */
  randint(n: number): number;
  /** A copy of the generator's position, from which randomFromState continues the same stream. */
  state(): RandomState;
}

/** splitmix32: a 32-bit counter hashed by two xor-shift-multiply rounds; used only to fill xoshiro's state. */
export function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** xoshiro128** with an explicit state (four uint32, not all zero) or a seed expanded by splitmix32. */
export class Xoshiro128 extends LegacyDistributions {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number, state?: readonly [number, number, number, number]) {
    super();
    if (state) {
      [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0) as [number, number, number, number];
    } else {
      const next = splitmix32(seed);
      this.s0 = next();
      this.s1 = next();
      this.s2 = next();
      this.s3 = next();
    }
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) throw new RangeError('xoshiro128** needs a state that is not all zero');
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  state(): RandomState {
    return { kind: 'xoshiro', s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], hasGauss: this.hasGauss, gauss: this.cachedGauss() };
  }

  /** The generator at a saved position (checked by checkRandomState first). */
  static fromState(state: Extract<RandomState, { kind: 'xoshiro' }>): Xoshiro128 {
    const rng = new Xoshiro128(0, state.s);
    rng.hasGauss = state.hasGauss;
    rng.gauss = state.gauss;
    return rng;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator of the given kind, seeded with a uint32. */
export function createRandom(kind: RngKind, seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`a seed must be an integer from 0 to 4294967295; got ${seed}`);
  }
  switch (kind) {
    case 'numpy':
      return new Mt19937(seed);
    case 'xoshiro':
      return new Xoshiro128(seed);
  }
}

/** A generator continuing from a saved position; throws RangeError naming the problem of a bad state. */
export function randomFromState(kind: RngKind, state: RandomState): Random {
  const problem = checkRandomState(state, kind);
  if (problem) throw new RangeError(problem);
  return state.kind === 'numpy' ? Mt19937.fromState(state) : Xoshiro128.fromState(state);
}
