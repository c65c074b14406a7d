/** Summary numbers and a histogram of a weight matrix. */

export interface MatrixStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  /** L2 (Frobenius) norm. */
  norm: number;
}

export function matrixStats(data: ArrayLike<number>): MatrixStats {
  const n = data.length;
  if (n === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN, norm: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    squares += v * v;
  }
  const mean = sum / n;
  // Two-pass variance: the one-pass formula loses digits when the mean is large.
  let deviations = 0;
  for (let i = 0; i < n; i++) deviations += (data[i]! - mean) ** 2;
  return { count: n, min, max, mean, std: Math.sqrt(deviations / n), norm: Math.sqrt(squares) };
}

export interface Histogram {
  /** Left edge of the first bin and right edge of the last. */
  lo: number;
  hi: number;
  counts: Uint32Array;
}

/**
 * Counts values into `bins` equal bins over [lo, hi] (the data's range by
 * default); the last bin includes hi. Values outside the range and NaN are not
 * counted. A range of one value is widened by ±0.5 so it lands in a middle bin.
 */
export function histogram(data: ArrayLike<number>, bins: number, range?: { lo: number; hi: number }): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer; got ${bins}`);
  let lo = range?.lo ?? Infinity;
  let hi = range?.hi ?? -Infinity;
  if (!range) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) return { lo: 0, hi: 0, counts: new Uint32Array(bins) };
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const counts = new Uint32Array(bins);
  const width = (hi - lo) / bins;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  }
  return { lo, hi, counts };
}
