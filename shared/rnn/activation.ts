/**
 * The exponential behind every sigmoid. Math.exp is a library call that costs
 * more than a whole row of the matrix product; this version is a few
 * multiply-adds that the compiler inlines, accurate to about one unit in the
 * last place, and — being plain IEEE arithmetic — gives the same bits in
 * every JavaScript engine.
 *
 * Method (Tang's table-driven exp): x = (256m + j)·ln2/256 + r with
 * |r| ≤ ln2/512, so e^x = 2^m · 2^(j/256) · e^r, where e^r − 1 comes from its
 * degree-4 Taylor polynomial (truncation error below 4e-17 on that interval).
 */

import { POW2_FRACTION } from './expTable';

const STEPS_PER_LN2 = 369.3299304675746; // 256 / ln 2
// ln2/256 split so that n·LN2_256_HI is exact for |n| < 2^21 (Cody & Waite).
const LN2_256_HI = 0.00270760617331689;
const LN2_256_LO = 7.453964567463233e-13;
/** 1.5·2^52: adding and subtracting it rounds any |v| < 2^51 to an integer (ties to even), far cheaper than Math.round. */
const ROUNDING_SHIFT = 6755399441055744;

const MIN_EXPONENT = -1022;
/** 2^m for m = −1022 … 1023 (every normal power of two), built by exact doublings. */
const POW2_INTEGER = (() => {
  const table = new Float64Array(1023 - MIN_EXPONENT + 1);
  let p = 1;
  for (let m = 0; m > MIN_EXPONENT; m--) p /= 2;
  for (let i = 0; i < table.length; i++, p *= 2) table[i] = p;
  return table;
})();

/** e^x. Outside (−708, 709), where the result is subnormal, infinite or NaN, it defers to Math.exp. */
export function exp(x: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x);
  const n = x * STEPS_PER_LN2 + ROUNDING_SHIFT - ROUNDING_SHIFT; // x·256/ln2 rounded to the nearest integer
  const r = x - n * LN2_256_HI - n * LN2_256_LO;
  const r2 = r * r;
  const erMinus1 = r + r2 * (1 / 2 + r * (1 / 6) + r2 * (1 / 24)); // grouped for a short dependency chain
  const ni = n | 0;
  const fraction = POW2_FRACTION[ni & 255]!;
  // t + t·(e^r − 1) rounds once at the end, instead of once for e^r and once for the product.
  return POW2_INTEGER[(ni >> 8) - MIN_EXPONENT]! * (fraction + fraction * erMinus1);
}

/** The logistic function 1 / (1 + e^−z). */
export function sigmoid(z: number): number {
  return 1 / (1 + exp(-z));
}

/** The hidden activation f: tanh, or the logistic sigmoid. */
export function activate(pre: number, useTanh: boolean): number {
  return useTanh ? tanh(pre) : 1 / (1 + exp(-pre));
}

/**
 * tanh from this file's exp: sign(x)·(1 − e^(−2|x|))/(1 + e^(−2|x|)). Every
 * cell uses it rather than Math.tanh, which costs several times an exp and is
 * not specified to the last bit, so engines may differ; this is plain IEEE
 * arithmetic, the same in every engine. (Its error near 0 is absolute, about
 * 1e-16, not relative.)
 */
export function tanh(x: number): number {
  const t = exp(-2 * Math.abs(x));
  const r = (1 - t) / (1 + t);
  return x < 0 ? -r : r;
}
