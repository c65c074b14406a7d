/**
 * Exponential moving average with TensorBoard's bias correction: the running
 * average starts at zero and is divided by (1 − weight^k) after k values, so
 * the first smoothed value equals the first raw value instead of being pulled
 * towards zero. NaN and infinite values pass through unsmoothed.
 */
export class Ema {
  private last = 0;
  private debias = 1;

  constructor(readonly weight: number) {
    if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing must be a number from 0 to 0.99; got ${weight}`);
  }

  next(value: number): number {
    if (!Number.isFinite(value)) return value;
    this.last = this.last * this.weight + (1 - this.weight) * value;
    // weight^k, kept as a running product; it underflows harmlessly to 0.
    this.debias *= this.weight;
    return this.last / (1 - this.debias);
  }
}

/** The smoothing factors the slider offers. */
export const MIN_SMOOTHING = 0;
export const MAX_SMOOTHING = 0.99;
export const DEFAULT_SMOOTHING = 0.9;

/** Clamps a smoothing factor into the offered range; anything not a number becomes the default. */
export function clampSmoothing(weight: number): number {
  if (!Number.isFinite(weight)) return DEFAULT_SMOOTHING;
  return Math.min(MAX_SMOOTHING, Math.max(MIN_SMOOTHING, weight));
}

/** The smoothed curve of a whole series (used by tests and one-off exports). */
export function emaSmooth(values: ArrayLike<number>, weight: number): Float64Array {
  const ema = new Ema(weight);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ema.next(values[i]!);
  return out;
}
