/**
 * NumPy's legacy RandomState derivations over any 32-bit source: doubles as
 * rk_double (53 bits from two draws), normals by the legacy polar method with
 * its cached second value and glibc's logarithm, bounded integers by masked
 * rejection. Both of the studio's generators derive their numbers this way.
 */

import type { Random } from '../random';
import type { RandomState } from '../trainerState';
import { log } from './glibcLog';

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_32 = 4294967296;

/** Doubles, normals and bounded integers built on a 32-bit source, as NumPy's legacy RandomState does. */
export abstract class LegacyDistributions implements Random {
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
    // glibc's log, bit for bit, as NumPy calls it; Math.log's last bit differs for about 7% of r2 (see glibcLog.ts).
    const f = Math.sqrt((-2 * log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  fillRandn(out: Float64Array, scale: number): void {
    // One loop over the whole tensor: the initialisation of every run compiles once, here, not in each caller.
    for (let i = 0; i < out.length; i++) out[i] = this.randn() * scale;
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

