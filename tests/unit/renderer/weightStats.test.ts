import { describe, expect, it } from 'vitest';
import { histogram, matrixStats } from '@/inspect/weightStats';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296 - 0.5;
  };
}

describe('matrixStats', () => {
  it('matches straightforward computations', () => {
    const next = lcg(7);
    const data = Float64Array.from({ length: 257 }, () => 6 * next());
    const values = Array.from(data);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.map((v) => (v - mean) ** 2).reduce((a, b) => a + b, 0) / values.length;
    const stats = matrixStats(data);
    expect(stats.count).toBe(257);
    expect(stats.min).toBe(Math.min(...values));
    expect(stats.max).toBe(Math.max(...values));
    expect(stats.mean).toBeCloseTo(mean, 12);
    expect(stats.std).toBeCloseTo(Math.sqrt(variance), 12);
    expect(stats.norm).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + v * v, 0)), 12);
  });

  it('gives a small exact case', () => {
    expect(matrixStats([3, -4])).toEqual({ count: 2, min: -4, max: 3, mean: -0.5, std: 3.5, norm: 5 });
  });

  it('keeps its digits when the mean is large', () => {
    expect(matrixStats([1e9 + 1, 1e9 - 1]).std).toBe(1);
  });
});

describe('histogram', () => {
  it('counts every value once into equal bins over the data range', () => {
    const next = lcg(3);
    const data = Array.from({ length: 1000 }, () => next());
    const h = histogram(data, 10);
    expect(h.lo).toBe(Math.min(...data));
    expect(h.hi).toBe(Math.max(...data));
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    const width = (h.hi - h.lo) / 10;
    for (let b = 0; b < 10; b++) {
      const lo = h.lo + b * width;
      const expected = data.filter((v) => v >= lo && (b === 9 ? v <= h.hi : v < lo + width)).length;
      expect(h.counts[b]).toBe(expected);
    }
  });

  it('puts the maximum into the last bin and a constant into a middle bin', () => {
    expect(Array.from(histogram([0, 1, 2, 3, 4], 4).counts)).toEqual([1, 1, 1, 2]);
    expect(Array.from(histogram([5, 5, 5], 3).counts)).toEqual([0, 3, 0]);
  });

  it('leaves out NaN and values outside a given range', () => {
    expect(Array.from(histogram([NaN, -5, 0, 0.5, 5], 2, { lo: -1, hi: 1 }).counts)).toEqual([0, 2]);
    expect(() => histogram([1], 0)).toThrow(/bins must be a positive integer; got 0/);
  });
});
