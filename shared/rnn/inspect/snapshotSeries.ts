/**
 * A bounded series of snapshots over a run (weights, say), spread evenly
 * over the iterations however long the run grows: the run is cut into slots
 * of `stride` iterations, and each slot keeps its first snapshot. When the
 * series outgrows its bound the stride doubles and every other slot's
 * snapshot goes. The first snapshot and the latest are always kept, so the
 * series spans the whole run.
 */

export interface Snapshot<T> {
  iteration: number;
  value: T;
}

/** The default bound: enough for a smooth slider, small enough to keep in a run record. */
export const MAX_SNAPSHOTS = 200;
/** What a series of weight snapshots may take: all 200 up to about 40 000 parameters (H ≈ 200), fewer beyond. */
const SNAPSHOT_BYTES = 64 * 1024 * 1024;

/** How many snapshots of `parameters` float64 weights to keep: MAX_SNAPSHOTS, or fewer (at least 3) to stay within 64 MB. */
export function snapshotLimit(parameters: number): number {
  return Math.max(3, Math.min(MAX_SNAPSHOTS, Math.floor(SNAPSHOT_BYTES / (8 * Math.max(1, parameters)))));
}

export class SnapshotSeries<T> {
  private entries: Snapshot<T>[] = [];
  /** Iterations per slot; a power of two. */
  private stride = 1;

  /** At most `limit` snapshots (3 or more) are kept. */
  constructor(readonly limit = MAX_SNAPSHOTS) {
    if (!Number.isInteger(limit) || limit < 3) throw new RangeError(`a snapshot series keeps at least 3 snapshots; got ${limit}`);
  }

  /** The kept snapshots, oldest first. */
  get snapshots(): readonly Snapshot<T>[] {
    return this.entries;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The latest snapshot, if any. */
  get latest(): Snapshot<T> | undefined {
    return this.entries[this.entries.length - 1];
  }

  /** Iterations between kept snapshots (except around the latest). */
  get spacing(): number {
    return this.stride;
  }

  /**
   * Adds the snapshot of `iteration` (not before the latest one; the same
   * iteration replaces it), thinning the series when it is full.
   */
  add(iteration: number, value: T): void {
    const entries = this.entries;
    const last = entries[entries.length - 1];
    if (last && iteration < last.iteration) {
      throw new RangeError(`snapshots come in order of iteration; got ${iteration} after ${last.iteration}`);
    }
    if (last && iteration === last.iteration) {
      entries[entries.length - 1] = { iteration, value };
      return;
    }
    // The latest entry stays only while it is the first of its slot; a newer one takes over as the latest.
    if (entries.length >= 2 && this.slot(last!.iteration) === this.slot(entries[entries.length - 2]!.iteration)) entries.pop();
    entries.push({ iteration, value });
    while (this.entries.length > this.limit) this.thin();
  }

  /** The snapshot nearest to `iteration` at or before it (the first one when it is earlier than all). */
  at(iteration: number): Snapshot<T> | undefined {
    const entries = this.entries;
    let lo = 0, hi = entries.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (entries[mid]!.iteration <= iteration) lo = mid;
      else hi = mid - 1;
    }
    return entries[lo];
  }

  clear(): void {
    this.entries = [];
    this.stride = 1;
  }

  private slot(iteration: number): number {
    return Math.floor(iteration / this.stride);
  }

  /** Doubles the stride and keeps the first snapshot of each slot, plus the very first and the latest. */
  private thin(): void {
    this.stride *= 2;
    const entries = this.entries;
    const kept: Snapshot<T>[] = [entries[0]!];
    for (let i = 1; i < entries.length - 1; i++) {
      if (this.slot(entries[i]!.iteration) !== this.slot(kept[kept.length - 1]!.iteration)) kept.push(entries[i]!);
    }
    kept.push(entries[entries.length - 1]!);
    this.entries = kept;
  }
}
