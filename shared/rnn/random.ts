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
import { log } from './log';
import { MT_WORDS, checkRandomState, type RandomState } from './trainerState';

export interface Random {
  /** The next raw 32-bit output, as an integer in [0, 2^32). */
  nextUint32(): number;
  /** A double in [0, 1) with 53 random bits. */
  random(): number;
  /** A standard normal deviate. */
  randn(): number;
  /** An integer in [0, n), for an integer n from 1 to 2^32. */
  randint(n: number): number;
  /** A copy of the generator's position, from which randomFromState continues the same stream. */
  state(): RandomState;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_32 = 4294967296;

/** Doubles, normals and bounded integers built on a 32-bit source, as NumPy's legacy RandomState does. */
abstract class Uint32Source implements Random {
  protected hasGauss = false;
  protected gauss = 0;

  abstract nextUint32(): number;
  abstract state(): RandomState;

  /** The cached normal as NumPy's get_state reports it: 0 once it has been handed out. */
  protected cachedGauss(): number {
    return this.hasGauss ? this.gauss : 0;
  }

  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  randn(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    // glibc's log, bit for bit, as NumPy calls it; Math.log's last bit differs for about 7% of r2 (see log.ts).
    const f = Math.sqrt((-2 * log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  randint(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`randint needs an integer from 1 to 2^32; got ${n}`);
    }
    const max = n - 1;
    if (max === 0) return 0;
    // The smallest all-ones mask covering max; draws above max are rejected (NumPy's masked method).
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const value = (this.nextUint32() & mask) >>> 0;
      if (value <= max) return value;
    }
  }
}

const MT_N = MT_WORDS;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** MT19937 seeded by init_genrand, as `np.random.seed(seed)` does for an integer seed. */
export class Mt19937 extends Uint32Source {
  private readonly mt = new Uint32Array(MT_N);
  private index = MT_N;

  constructor(seed: number) {
    super();
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < MT_N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < MT_N; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[(k + 1) % MT_N]! & LOWER_MASK);
      mt[k] = mt[(k + MT_M) % MT_N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  nextUint32(): number {
    if (this.index >= MT_N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  state(): RandomState {
    return { kind: 'numpy', key: new Uint32Array(this.mt), pos: this.index, hasGauss: this.hasGauss, gauss: this.cachedGauss() };
  }

  /** The generator at a saved position (checked by checkRandomState first). */
  static fromState(state: Extract<RandomState, { kind: 'numpy' }>): Mt19937 {
    const rng = new Mt19937(0);
    rng.mt.set(state.key);
    rng.index = state.pos;
    rng.hasGauss = state.hasGauss;
    rng.gauss = state.gauss;
    return rng;
  }
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
export class Xoshiro128 extends Uint32Source {
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
