import { describe, expect, it } from 'vitest';
import { BAND_PERCENTILES, histogramSeries, percentiles } from '@shared/rnn/inspect';

describe('distributions over time', () => {
  it('percentiles interpolate between sorted values', () => {
    const values = Float64Array.of(5, 1, 4, 2, 3); // sorted 1…5
    expect(Array.from(percentiles(values, [0, 25, 50, 90, 100]))).toEqual([1, 2, 3, 4.6, 5]);
    const bands = percentiles(Float64Array.from({ length: 10_001 }, (_, i) => i));
    BAND_PERCENTILES.forEach((p, i) => expect(bands[i]).toBeCloseTo(p * 100, 9));
    expect(() => percentiles(new Float64Array(0))).toThrow('at least one value');
  });

  it('histograms share their bins across moments and count every value once', () => {
    const series = histogramSeries([Float64Array.of(0, 1, 1, 2), Float64Array.of(3, 4, 4, 4, 2.5)], 4);
    expect(Array.from(series.edges)).toEqual([0, 1, 2, 3, 4]);
    expect(series.counts.map((c) => Array.from(c))).toEqual([[1, 2, 1, 0], [0, 0, 1, 4]]);
    const flat = histogramSeries([Float64Array.of(2, 2)], 3);
    expect(Array.from(flat.counts[0]!)).toEqual([0, 2, 0]);
    expect(() => histogramSeries([], 0)).toThrow('bins must be a whole number of at least 1; got 0');
  });
});
