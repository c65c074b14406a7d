import { describe, expect, it } from 'vitest';
import { LossHistoryBuilder, compactHistory, decimateHistory } from '@shared/model-file/history';

const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);

describe('decimateHistory', () => {
  it('keeps every loss when they fit', () => {
    const h = decimateHistory(Float64Array.of(3, 1, 2), 3, 10);
    expect(h.stride).toBe(1);
    expect(Array.from(h.values)).toEqual([3, 1, 2]);
  });

  it('averages runs of a whole-number stride, the last run possibly shorter', () => {
    const h = decimateHistory(ramp(25), 25, 8);
    expect(h.stride).toBe(4);
    expect(Array.from(h.values)).toEqual([1.5, 5.5, 9.5, 13.5, 17.5, 21.5, 24]);
  });

  it('bounds the points by maxPoints and uses only the first count losses', () => {
    const h = decimateHistory(ramp(100_001), 100_000);
    expect(h.values.length).toBeLessThanOrEqual(10_000);
    expect(h.stride).toBe(10);
    expect(h.values[9_999]).toBe((99_990 + 99_999) / 2);
  });

  it('is empty for no losses', () => {
    expect(decimateHistory(new Float64Array(0)).values.length).toBe(0);
  });

  it('rejects a count beyond the losses', () => {
    expect(() => decimateHistory(ramp(3), 4)).toThrow(RangeError);
  });
});

describe('LossHistoryBuilder', () => {
  it('matches decimateHistory when the strides agree, in bounded points', () => {
    const b = new LossHistoryBuilder(8);
    const losses = ramp(25);
    b.add(losses, 0, 10);
    b.add(losses, 10, 15);
    const h = b.toHistory();
    expect(b.iterations).toBe(25);
    expect(h.stride).toBe(4);
    expect(Array.from(h.values)).toEqual(Array.from(decimateHistory(losses, 25, 8).values));
  });

  it('never holds more than maxPoints however many losses arrive', () => {
    const b = new LossHistoryBuilder(100);
    const chunk = new Float64Array(1000).fill(2);
    for (let i = 0; i < 1000; i++) b.add(chunk);
    const h = b.toHistory();
    expect(h.values.length).toBeLessThanOrEqual(100);
    expect(h.values.length).toBeGreaterThan(50);
    expect(h.stride * h.values.length).toBeGreaterThanOrEqual(1_000_000);
    expect(h.values.every((v) => v === 2)).toBe(true);
  });

  it('continues a saved history with a partial last point', () => {
    const losses = ramp(40);
    const saved = decimateHistory(losses, 22, 8); // stride 3, last point covers 1 iteration
    const b = new LossHistoryBuilder(8, { history: saved, iterations: 22 });
    b.add(losses, 22, 18);
    expect(b.iterations).toBe(40);
    const h = b.toHistory();
    // The stride doubles from the saved 3 to 6: runs of 6 from iteration 0, the last one 4 long.
    const expected = decimateHistory(losses, 40, 7);
    expect(expected.stride).toBe(6);
    expect(h.stride).toBe(6);
    expect(h.values.length).toBe(expected.values.length);
    Array.from(expected.values).forEach((v, i) => expect(h.values[i]).toBeCloseTo(v, 12));
  });
});

/** The builder's rule one loss at a time, kept here as the reference: a point per loss until maxPoints, then neighbours merge and the stride doubles. */
function oneAtATime(losses: ArrayLike<number>, maxPoints: number): { stride: number; values: number[] } {
  let sums: number[] = [], counts: number[] = [], stride = 1;
  for (let i = 0; i < losses.length; i++) {
    if (sums.length === 0 || counts.at(-1)! >= stride) {
      if (sums.length === maxPoints) {
        const merged = Math.ceil(sums.length / 2);
        sums = Array.from({ length: merged }, (_, j) => sums[2 * j]! + (2 * j + 1 < sums.length ? sums[2 * j + 1]! : 0));
        counts = Array.from({ length: merged }, (_, j) => counts[2 * j]! + (2 * j + 1 < counts.length ? counts[2 * j + 1]! : 0));
        stride *= 2;
      }
      if (sums.length === 0 || counts.at(-1)! >= stride) {
        sums.push(0);
        counts.push(0);
      }
    }
    sums[sums.length - 1]! += losses[i]!;
    counts[counts.length - 1]! += 1;
  }
  return { stride, values: sums.map((sum, j) => sum / counts[j]!) };
}

describe('LossHistoryBuilder in chunks', () => {
  it('gives bit for bit what adding one loss at a time gives, whatever the chunks and the point limit', () => {
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    for (const maxPoints of [1, 2, 3, 7, 64, 256, 1000, 10_000]) {
      for (const n of [0, 1, 5, 255, 256, 257, 1000, 5000, 20_011]) {
        const losses = Float64Array.from({ length: n }, () => random() * 3);
        const builder = new LossHistoryBuilder(maxPoints);
        for (let at = 0; at < n; ) {
          const chunk = Math.min(n - at, 1 + Math.floor(random() * 700));
          builder.add(losses, at, chunk);
          at += chunk;
        }
        const expected = oneAtATime(losses, maxPoints);
        const got = builder.toHistory();
        expect(builder.iterations).toBe(n);
        expect(got.stride).toBe(expected.stride);
        expect(Array.from(got.values)).toEqual(expected.values);
      }
    }
  });
});

describe('compactHistory', () => {
  it('merges neighbouring points weighted by the iterations they cover', () => {
    const losses = ramp(23);
    const fine = decimateHistory(losses, 23, 12); // stride 2, the last point covers 1 iteration
    const coarse = compactHistory(fine, 23, 5);
    const expected = decimateHistory(losses, 23, 4); // stride 6
    expect(coarse.stride).toBe(6);
    expect(coarse.values.length).toBe(expected.values.length);
    Array.from(expected.values).forEach((v, i) => expect(coarse.values[i]).toBeCloseTo(v, 12));
  });

  it('copies a history that already fits', () => {
    const h = decimateHistory(ramp(10));
    const c = compactHistory(h, 10);
    expect(c).toEqual(h);
    expect(c.values).not.toBe(h.values);
  });
});
