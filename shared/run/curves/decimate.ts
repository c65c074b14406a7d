/** Reducing long curves to a few points per pixel while keeping every peak and trough. */

import { BLOCK, type MinMaxSeries } from './series';

export interface Point {
  x: number;
  y: number;
}

/**
 * An array of {x, y} points whose objects are reused from frame to frame, so
 * handing a fresh view to Chart.js allocates nothing once warmed up. Filled by
 * index, never push: Chart.js hooks push on its data arrays and would rebuild
 * its elements once per point.
 */
export class PointBuffer {
  readonly points: Point[] = [];
  private readonly pool: Point[] = [];

  reset(): void {
    this.points.length = 0;
  }

  push(x: number, y: number): void {
    const n = this.points.length;
    let p = this.pool[n];
    if (!p) {
      p = { x, y };
      this.pool.push(p);
    } else {
      p.x = x;
      p.y = y;
    }
    this.points[n] = p;
  }
}

/** The first index i in [0, n) with xAt(i) ≥ x (n when none); xAt must not decrease. */
export function lowerBound(n: number, xAt: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xAt(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index i in [0, n) with xAt(i) > x (n when none); xAt must not decrease. */
export function upperBound(n: number, xAt: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xAt(mid) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Writes series[from, to) into out, decimated to the minimum and the maximum
 * of each of `buckets` equal index ranges, in the order they occur so the line
 * passes through both. Short ranges are copied whole. A bucket holding only NaN
 * yields one NaN point, which Chart.js draws as a gap.
 */
export function decimateMinMax(series: MinMaxSeries, from: number, to: number, buckets: number, xAt: (i: number) => number, out: PointBuffer): void {
  out.reset();
  const n = to - from;
  if (n <= 0) return;
  if (n <= 2 * buckets) {
    for (let i = from; i < to; i++) out.push(xAt(i), series.at(i));
    return;
  }
  for (let k = 0; k < buckets; k++) {
    const start = from + Math.floor((k * n) / buckets);
    const end = from + Math.floor(((k + 1) * n) / buckets);
    const [iMin, iMax] = extremesIn(series, start, end);
    if (iMin < 0) {
      out.push(xAt(start), NaN);
    } else if (iMin === iMax) {
      out.push(xAt(iMin), series.at(iMin));
    } else {
      const first = Math.min(iMin, iMax);
      const second = Math.max(iMin, iMax);
      out.push(xAt(first), series.at(first));
      out.push(xAt(second), series.at(second));
    }
  }
}

const scratch: [number, number] = [-1, -1];

/** Indices of the minimum and maximum of series[start, end), using whole-block extremes where it can; -1 when all NaN. */
function extremesIn(series: MinMaxSeries, start: number, end: number): [number, number] {
  let lo = NaN;
  let hi = NaN;
  let iMin = -1;
  let iMax = -1;
  let blockMinAt = -1;
  let blockMaxAt = -1;
  let i = start;
  while (i < end) {
    if (i % BLOCK === 0 && i + BLOCK <= end) {
      const k = i / BLOCK;
      const bMin = series.minOfBlock(k);
      const bMax = series.maxOfBlock(k);
      if (bMin < lo || (Number.isNaN(lo) && !Number.isNaN(bMin))) {
        lo = bMin;
        blockMinAt = k;
        iMin = -2;
      }
      if (bMax > hi || (Number.isNaN(hi) && !Number.isNaN(bMax))) {
        hi = bMax;
        blockMaxAt = k;
        iMax = -2;
      }
      i += BLOCK;
    } else {
      const v = series.at(i);
      if (v < lo || (Number.isNaN(lo) && !Number.isNaN(v))) {
        lo = v;
        iMin = i;
      }
      if (v > hi || (Number.isNaN(hi) && !Number.isNaN(v))) {
        hi = v;
        iMax = i;
      }
      i++;
    }
  }
  // A winning block is searched once for the exact index of its extreme.
  if (iMin === -2) iMin = indexOf(series, blockMinAt * BLOCK, lo);
  if (iMax === -2) iMax = indexOf(series, blockMaxAt * BLOCK, hi);
  scratch[0] = iMin;
  scratch[1] = iMax;
  return scratch;
}

function indexOf(series: MinMaxSeries, blockStart: number, value: number): number {
  for (let i = blockStart; i < blockStart + BLOCK; i++) if (series.at(i) === value) return i;
  return blockStart;
}

/** Min/max decimation of a short curve read through accessors (accuracy, gradient norms); NaN values are left out. */
export function decimateColumn(count: number, xAt: (i: number) => number, yAt: (i: number) => number, buckets: number, out: PointBuffer): void {
  out.reset();
  if (count <= 2 * buckets) {
    for (let i = 0; i < count; i++) out.push(xAt(i), yAt(i));
    return;
  }
  for (let k = 0; k < buckets; k++) {
    const start = Math.floor((k * count) / buckets);
    const end = Math.floor(((k + 1) * count) / buckets);
    let iMin = -1;
    let iMax = -1;
    for (let i = start; i < end; i++) {
      const v = yAt(i);
      if (Number.isNaN(v)) continue;
      if (iMin < 0 || v < yAt(iMin)) iMin = i;
      if (iMax < 0 || v > yAt(iMax)) iMax = i;
    }
    if (iMin < 0) continue;
    const first = Math.min(iMin, iMax);
    const second = Math.max(iMin, iMax);
    out.push(xAt(first), yAt(first));
    if (second !== first) out.push(xAt(second), yAt(second));
  }
}
