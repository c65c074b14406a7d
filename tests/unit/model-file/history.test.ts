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
