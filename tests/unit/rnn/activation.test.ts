import { describe, expect, it } from 'vitest';
import { activate, exp, sigmoid, tanh } from '@shared/rnn/activation';

/** Distance in units in the last place (of the larger magnitude). */
const ulps = (a: number, b: number): number => Math.abs(a - b) / (Number.EPSILON * 2 ** Math.floor(Math.log2(Math.max(Math.abs(a), Math.abs(b)))));

describe('the table-driven exp', () => {
  it('agrees with Math.exp to within about 1.5 units in the last place across the sigmoid range', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -45 + (90 * i) / 200_000 + (i % 7) * 1e-9;
      worst = Math.max(worst, ulps(exp(x), Math.exp(x)));
    }
    // Both are within ~1.2 ulp of the true value; their difference stays below 3 ulp.
    expect(worst).toBeLessThan(3);
  });

  it('gives exactly 1 at 0 and is monotonic across table boundaries', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    // Neighbouring doubles around the switch from one table entry to the next (x·256/ln2 = n + ½).
    for (let n = -3000; n < 3000; n += 37) {
      const x = ((n + 0.5) * Math.LN2) / 256;
      const below = x - 4 * Number.EPSILON * Math.max(1, Math.abs(x)), above = x + 4 * Number.EPSILON * Math.max(1, Math.abs(x));
      expect(exp(below)).toBeLessThanOrEqual(exp(x));
      expect(exp(x)).toBeLessThanOrEqual(exp(above));
    }
  });

  it('covers the whole double range, overflow, underflow and NaN', () => {
    expect(ulps(exp(708.5), Math.exp(708.5))).toBeLessThan(3);
    expect(ulps(exp(-707.5), Math.exp(-707.5))).toBeLessThan(3);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-800)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Number.NaN)).toBeNaN();
  });
});

describe('sigmoid', () => {
  it('is 1/(1 + e^−z), symmetric about 0.5 and saturating exactly at the ends', () => {
    expect(sigmoid(0)).toBe(0.5);
    for (const z of [-30, -5, -0.1, 0.3, 2, 17]) {
      expect(Math.abs(sigmoid(z) - 1 / (1 + Math.exp(-z)))).toBeLessThan(4e-16);
      expect(sigmoid(z) + sigmoid(-z)).toBeCloseTo(1, 15);
    }
    expect(sigmoid(40)).toBe(1);
    expect(sigmoid(1e6)).toBe(1);
    expect(sigmoid(-1e6)).toBe(0);
    expect(sigmoid(Infinity)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
  });
});

describe('the tanh built on exp', () => {
  it('agrees with Math.tanh to about 1e-16 absolute across the range a hidden unit sees, and is odd', () => {
    let worst = 0;
    for (let i = 0; i <= 100_000; i++) {
      const x = -20 + (40 * i) / 100_000 + (i % 7) * 1e-9;
      worst = Math.max(worst, Math.abs(tanh(x) - Math.tanh(x)));
      expect(tanh(-x)).toBe(-tanh(x));
    }
    expect(worst).toBeLessThan(4e-16);
    expect(worst).toBeGreaterThan(0);
  });

  it('saturates at ±1, gives 0 at 0 and passes NaN on', () => {
    expect(tanh(0)).toBe(0);
    expect(tanh(400)).toBe(1);
    expect(tanh(-1e308)).toBe(-1);
    expect(tanh(Infinity)).toBe(1);
    expect(tanh(Number.NaN)).toBeNaN();
  });

  it('is the hidden activation of tanh networks (not Math.tanh)', () => {
    for (const x of [-3.7, -0.2, 1e-3, 0.9, 5]) expect(activate(x, true)).toBe(tanh(x));
    expect(activate(0.4, false)).toBe(sigmoid(0.4));
  });
});
