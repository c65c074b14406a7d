/** The loss curve kept with a model: per-iteration losses decimated to a bounded number of points. */

import { MAX_HISTORY_POINTS, type LossHistory } from './model';

/**
 * Decimates the first `count` per-iteration losses to at most `maxPoints`
 * points: value i is the mean of losses [i·stride, (i+1)·stride), the last
 * run possibly shorter. The stride is the smallest whole number that fits.
 */
export function decimateHistory(losses: ArrayLike<number>, count: number = losses.length, maxPoints: number = MAX_HISTORY_POINTS): LossHistory {
  if (!Number.isInteger(count) || count < 0 || count > losses.length) throw new RangeError(`count must be an integer from 0 to ${losses.length}; got ${count}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxPoints must be a positive integer; got ${maxPoints}`);
  const stride = Math.max(1, Math.ceil(count / maxPoints));
  const values = new Float64Array(Math.ceil(count / stride));
  for (let i = 0; i < values.length; i++) {
    const start = i * stride;
    const end = Math.min(start + stride, count);
    let sum = 0;
    for (let j = start; j < end; j++) sum += losses[j]!;
    values[i] = sum / (end - start);
  }
  return { stride, values };
}

/**
 * A history with at most `maxPoints` points: runs of neighbouring points are
 * merged (weighted by the iterations each covers) and the stride multiplied.
 * `iterations` is how many iterations the history covers.
 */
export function compactHistory(history: LossHistory, iterations: number, maxPoints: number = MAX_HISTORY_POINTS): LossHistory {
  const n = history.values.length;
  if (n <= maxPoints) return { stride: history.stride, values: new Float64Array(history.values) };
  const group = Math.ceil(n / maxPoints);
  const values = new Float64Array(Math.ceil(n / group));
  for (let i = 0; i < values.length; i++) {
    let sum = 0;
    let covered = 0;
    for (let j = i * group; j < Math.min(n, (i + 1) * group); j++) {
      const c = coverage(history, j, iterations);
      sum += history.values[j]! * c;
      covered += c;
    }
    values[i] = sum / covered;
  }
  return { stride: history.stride * group, values };
}

/** The sum of the losses a history stands for: each point's mean times the iterations it covers. */
export function historyTotal(history: LossHistory, iterations: number): number {
  let total = 0;
  for (let i = 0; i < history.values.length; i++) total += history.values[i]! * coverage(history, i, iterations);
  return total;
}

/** Iterations point i of a history covers: the stride, or what remains for the last point. */
function coverage(history: LossHistory, i: number, iterations: number): number {
  const n = history.values.length;
  return i < n - 1 ? history.stride : Math.min(history.stride, Math.max(1, iterations - (n - 1) * history.stride));
}

/**
 * Builds a loss history incrementally in bounded memory, however many
 * iterations arrive: when the points would exceed `maxPoints`, neighbouring
 * points merge and the stride doubles. It can start from a saved history, so
 * a continued model keeps its whole curve.
 */
/** Points a builder has room for before it first grows. */
const INITIAL_POINTS = 256;

export class LossHistoryBuilder {
  private stride: number;
  /** Grown as points arrive, up to maxPoints: a builder that sees a short run allocates little. */
  private sums: Float64Array;
  private counts: Float64Array;
  /** Points in use; the last may be partly filled. */
  private points = 0;
  private total = 0;

  constructor(
    private readonly maxPoints: number = MAX_HISTORY_POINTS,
    initial?: { history: LossHistory; iterations: number },
  ) {
    if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxPoints must be a positive integer; got ${maxPoints}`);
    this.sums = new Float64Array(Math.min(maxPoints, INITIAL_POINTS));
    this.counts = new Float64Array(Math.min(maxPoints, INITIAL_POINTS));
    this.stride = initial?.history.stride ?? 1;
    if (initial) this.seed(initial.history, initial.iterations);
  }

  /** Iterations recorded so far. */
  get iterations(): number {
    return this.total;
  }

  /** Appends losses[offset .. offset+count). */
  add(losses: ArrayLike<number>, offset = 0, count = losses.length - offset): void {
    const end = offset + count;
    let i = offset;
    while (i < end) {
      if (this.stride === 1) {
        // Every point holds one loss: copy as many as fit before the points must merge.
        if (this.points === this.maxPoints) {
          this.mergePairs();
          continue;
        }
        const n = Math.min(end - i, this.maxPoints - this.points);
        if (this.points + n > this.sums.length) this.grow(this.points + n);
        const { sums, counts } = this;
        for (let k = this.points, stop = this.points + n; k < stop; k++, i++) {
          sums[k]! += losses[i]!;
          counts[k] = 1;
        }
        this.points += n;
        this.total += n;
        continue;
      }
      // Fill the open point up to the stride with as many losses as there are, adding them in order.
      const last = this.openPoint();
      const take = Math.min(this.stride - this.counts[last]!, end - i);
      let sum = this.sums[last]!;
      for (const stop = i + take; i < stop; i++) sum += losses[i]!;
      this.sums[last] = sum;
      this.counts[last]! += take;
      this.total += take;
    }
  }

  /** The point the next loss goes into: the last while it holds fewer than `stride`, else a new one (the points merging first when there is no room). */
  private openPoint(): number {
    const last = this.points - 1;
    if (last >= 0 && this.counts[last]! < this.stride) return last;
    if (this.points === this.maxPoints) {
      this.mergePairs();
      return this.openPoint();
    }
    if (this.points === this.sums.length) this.grow(this.points + 1);
    return this.points++;
  }

  /** The history so far (a fresh copy). */
  toHistory(): LossHistory {
    const values = new Float64Array(this.points);
    for (let i = 0; i < this.points; i++) values[i] = this.sums[i]! / this.counts[i]!;
    return { stride: this.stride, values };
  }

  /** Room for at least `points` points (at most maxPoints). */
  private grow(points: number): void {
    const size = Math.min(this.maxPoints, Math.max(points, 2 * this.sums.length));
    const sums = new Float64Array(size);
    const counts = new Float64Array(size);
    sums.set(this.sums);
    counts.set(this.counts);
    this.sums = sums;
    this.counts = counts;
  }

  private seed(history: LossHistory, iterations: number): void {
    const n = history.values.length;
    if (n > this.maxPoints) throw new RangeError(`the initial history has ${n} points; at most ${this.maxPoints} fit`);
    if (n > this.sums.length) this.grow(n);
    for (let i = 0; i < n; i++) {
      const covered = coverage(history, i, iterations);
      this.sums[i] = history.values[i]! * covered;
      this.counts[i] = covered;
      this.total += covered;
    }
    this.points = n;
  }

  /** Halves the number of points by merging neighbours; the stride doubles. */
  private mergePairs(): void {
    const merged = Math.ceil(this.points / 2);
    for (let i = 0; i < merged; i++) {
      const a = 2 * i;
      const b = a + 1;
      const hasB = b < this.points;
      this.sums[i] = this.sums[a]! + (hasB ? this.sums[b]! : 0);
      this.counts[i] = this.counts[a]! + (hasB ? this.counts[b]! : 0);
    }
    this.sums.fill(0, merged);
    this.counts.fill(0, merged);
    this.points = merged;
    this.stride *= 2;
  }
}
