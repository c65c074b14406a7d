/** MT19937, the generator behind NumPy's legacy `np.random.seed(s)` stream. */

import { MT_WORDS, type RandomState } from '../trainerState';
import { LegacyDistributions } from './legacyDistributions';

const MT_N = MT_WORDS;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** MT19937 seeded by init_genrand, as `np.random.seed(seed)` does for an integer seed. */
export class Mt19937 extends LegacyDistributions {
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

