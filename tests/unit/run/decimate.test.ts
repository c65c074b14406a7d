import { describe, expect, it } from 'vitest';
import { decimateColumn, lowerBound, PointBuffer, upperBound } from '@shared/run/curves/decimate';

describe('PointBuffer', () => {
  it('reuses its array and point objects, and never calls push (Chart.js hooks it)', () => {
    const buffer = new PointBuffer();
    const array = buffer.points;
    array.push = () => {
      throw new Error('push was called');
    };
    buffer.push(1, 2);
    buffer.push(3, 4);
    const first = array[0];
    buffer.reset();
    buffer.push(5, 6);
    expect(buffer.points).toBe(array);
    expect(array).toHaveLength(1);
    expect(array[0]).toBe(first);
    expect(array[0]).toEqual({ x: 5, y: 6 });
  });
});

describe('bounds', () => {
  const xs = [1, 2, 2, 5, 9];
  const at = (i: number) => xs[i]!;
  it('finds the first index at or after, and strictly after, a value', () => {
    expect(lowerBound(xs.length, at, 2)).toBe(1);
    expect(upperBound(xs.length, at, 2)).toBe(3);
    expect(lowerBound(xs.length, at, 10)).toBe(5);
    expect(upperBound(xs.length, at, 0)).toBe(0);
  });
});

describe('decimateColumn', () => {
  it('keeps each bucket’s extremes in order and leaves out NaN', () => {
    const ys = [5, 1, 9, 3, NaN, NaN, 2, 8, 7, 0, 4, 6];
    const out = new PointBuffer();
    decimateColumn(ys.length, (i) => i * 10, (i) => ys[i]!, 3, out);
    expect(out.points.map((p) => [p.x, p.y])).toEqual([[10, 1], [20, 9], [60, 2], [70, 8], [80, 7], [90, 0]]);
  });
});
