import { describe, expect, it } from 'vitest';
import { log } from '../../../shared/rnn/log';

describe('the correctly rounded log behind randn', () => {
  it('gives the correctly rounded value at known points', () => {
    // Correctly rounded natural logarithms (computed to 50 digits, then rounded to the nearest double).
    expect(log(1)).toBe(0);
    expect(log(2)).toBe(0.6931471805599453);
    expect(log(0.5)).toBe(-0.6931471805599453);
    expect(log(10)).toBe(2.302585092994046);
    expect(log(0.1)).toBe(-2.3025850929940455);
    expect(log(1e-300)).toBe(-690.7755278982137);
    expect(log(Math.E)).toBe(1);
  });

  it('stays within one unit in the last place of Math.log everywhere in (0, 1]', () => {
    for (let i = 1; i <= 100_000; i++) {
      const x = i / 100_000 - (i % 13) * 1e-12;
      const a = log(x), b = Math.log(x);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * Number.EPSILON + Number.MIN_VALUE);
    }
  });

  it('defers to Math.log outside the positive normal numbers', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(5e-324)).toBe(Math.log(5e-324));
  });
});
