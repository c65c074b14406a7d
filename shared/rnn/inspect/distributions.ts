/**
 * How the values of one tensor are spread, at each moment of a run, in
 * TensorBoard's two pictures: histograms over time on common bins ("offset"
 * histograms stacked back to front) and percentile bands ("distributions").
 */

/**
 * TensorBoard's distribution percentiles: the minimum, the values one, two
 * and three standard deviations from the median of a normal, and the maximum.
 */
export const BAND_PERCENTILES: readonly number[] = [0, 6.68, 15.87, 30.85, 50, 69.15, 84.13, 93.32, 100];

/** The values at each percentile p (0–100) of `values`, interpolating linearly between neighbouring sorted values. */
export function percentiles(values: ArrayLike<number>, ps: readonly number[] = BAND_PERCENTILES): Float64Array {
  const n = values.length;
  if (n === 0) throw new RangeError('percentiles need at least one value');
  const sorted = Float64Array.from(values).sort();
  return Float64Array.from(ps, (p) => {
    const at = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
    const low = Math.floor(at), high = Math.min(n - 1, low + 1);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
  });
}

export interface HistogramSeries {
  /** bins + 1 edges, shared by every moment. */
  edges: Float64Array;
  /** counts[m][i]: values of moment m in [edges[i], edges[i+1]) (the last bin includes its right edge). */
  counts: Uint32Array[];
}

/** Histograms of each moment's values on `bins` equal bins spanning every moment's range. */
export function histogramSeries(moments: readonly ArrayLike<number>[], bins: number): HistogramSeries {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a whole number of at least 1; got ${bins}`);
  let lo = Infinity, hi = -Infinity;
  for (const values of moments) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) lo = hi = 0;
  if (lo === hi) {
    // One value everywhere: centre a unit-wide range on it so it lands in a middle bin.
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = moments.map((values) => {
    const c = new Uint32Array(bins);
    for (let i = 0; i < values.length; i++) c[Math.min(bins - 1, Math.floor((values[i]! - lo) / width))]!++;
    return c;
  });
  return { edges, counts };
}
