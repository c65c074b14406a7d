/**
 * A bounded series of snapshots over a run (weights, say), spread evenly
 * over the iterations however long the run grows: the run is cut into slots
 * of `stride` iterations, and each slot keeps its first snapshot. When the
 * series outgrows its bound the stride doubles and every other slot's
 * snapshot goes. The first snapshot and the latest are always kept, so the
 * series spans the whole run.
 *
 * A run that knows where it ends plans its spacing (planFor): the stride
 * becomes the multiple of the current one that fits the whole run in the
 * bound, and the trainer sends a snapshot at every multiple of it, so a run
 * of 20 000 iterations keeps 200 snapshots, one every 101 iterations,
 * however fast it trains.
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

/** What a trainer needs to follow a series' plan: the first snapshot's iteration, the spacing it has reached and its bound. */
export interface SnapshotPlanStart {
  first: number;
  stride: number;
  limit: number;
}

/**
 * Where the snapshots of a run to a known target fall: while the run is
 * young, every multiple of the smallest power of two with which the
 * snapshots so far (from the first, one per slot, and the latest) fit the
 * bound, doubling as the run grows; near the end, every multiple of the
 * final stride, the smallest with which the whole run fits. A run of 20 000
 * iterations so keeps 200 snapshots at its end (every 101 iterations), and
 * one stopped early still keeps between half the bound and all of it. The
 * studio's series and the trainer that sends the snapshots follow the same plan.
 */
export class SnapshotPlan {
  /** The spacing at the target. */
  readonly finalStride: number;
  private cachedStride: number;

  constructor(
    readonly start: SnapshotPlanStart,
    readonly target: number,
  ) {
    const { first, stride, limit } = start;
    if (!(Number.isInteger(stride) && stride >= 1 && Number.isInteger(limit) && limit >= 3 && first <= target)) {
      throw new RangeError(`a snapshot plan needs a whole stride of at least 1, a bound of at least 3 and a first iteration at or before the target; got ${stride}, ${limit}, ${first} to ${target}`);
    }
    let final = Math.max(stride, Math.ceil((target - first) / limit));
    while (this.kept(final, target) > limit) final++;
    this.finalStride = final;
    this.cachedStride = stride;
  }

  /** The spacing once the run has reached `iteration` (never smaller than at an earlier one). */
  strideAt(iteration: number): number {
    const { limit } = this.start, final = this.finalStride;
    let s = this.cachedStride;
    while (this.kept(s, iteration) > limit) {
      // Powers of two below the final stride; past the target (a step beyond it), doubling on.
      if (s < final) {
        let p = 1;
        while (p <= s) p *= 2;
        s = Math.min(final, p);
      } else s *= 2;
    }
    this.cachedStride = s;
    return s;
  }

  /** A snapshot is due at this iteration. */
  due(iteration: number): boolean {
    return iteration % this.strideAt(iteration) === 0;
  }

  /** Iterations from `iteration` to the next multiple of its spacing. */
  untilNext(iteration: number): number {
    const s = this.strideAt(iteration);
    return s - (iteration % s);
  }

  /** Snapshots kept with slots of `stride` up to `iteration`: the first of each slot from the first's, and a latest beyond them. */
  private kept(stride: number, iteration: number): number {
    return Math.floor(iteration / stride) - Math.floor(this.start.first / stride) + 1 + (iteration % stride === 0 ? 0 : 1);
  }
}

export class SnapshotSeries<T> {
  private entries: Snapshot<T>[] = [];
  /** Iterations per slot. */
  private stride = 1;
  private planned: SnapshotPlan | null = null;

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

  /** The plan the series follows, when its run's end is known. */
  get plan(): SnapshotPlan | null {
    return this.planned;
  }

  /**
   * Plans the series for a run that goes on to `target` (see SnapshotPlan)
   * from its first snapshot, or from `start` while it has none; the
   * snapshots it holds stay. Returns the plan, for the trainer to follow.
   */
  planFor(target: number, start = 0): SnapshotPlan {
    const first = this.entries[0]?.iteration ?? start;
    const latest = this.latest?.iteration ?? first;
    if (!(target >= latest)) throw new RangeError(`a run plans snapshots up to an iteration after its latest; got ${target} before ${latest}`);
    this.planned = new SnapshotPlan({ first: Math.min(first, target), stride: this.stride, limit: this.limit }, target);
    return this.planned;
  }

  /**
   * Adds the snapshot of `iteration` (not before the latest one; the same
   * iteration replaces it), thinning the series when it is full.
   */
  add(iteration: number, value: T): void {
    const latest = this.latest;
    if (latest && iteration < latest.iteration) {
      throw new RangeError(`snapshots come in order of iteration; got ${iteration} after ${latest.iteration}`);
    }
    if (latest && iteration === latest.iteration) {
      this.entries[this.entries.length - 1] = { iteration, value };
      return;
    }
    const planned = this.planned?.strideAt(iteration) ?? 0;
    if (planned > this.stride) this.restride(planned);
    const entries = this.entries;
    const last = entries[entries.length - 1];
    // The latest entry stays only while it is the first of its slot; a newer one takes over as the latest.
    if (entries.length >= 2 && this.slot(last!.iteration) === this.slot(entries[entries.length - 2]!.iteration)) entries.pop();
    entries.push({ iteration, value });
    while (this.entries.length > this.limit) this.restride(this.stride * 2);
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
    this.planned = null;
  }

  private slot(iteration: number): number {
    return Math.floor(iteration / this.stride);
  }

  /** Widens the slots to `stride` iterations and keeps the first snapshot of each, plus the very first and the latest. */
  private restride(stride: number): void {
    this.stride = stride;
    const entries = this.entries;
    if (entries.length < 3) return;
    const kept: Snapshot<T>[] = [entries[0]!];
    for (let i = 1; i < entries.length - 1; i++) {
      if (this.slot(entries[i]!.iteration) !== this.slot(kept[kept.length - 1]!.iteration)) kept.push(entries[i]!);
    }
    kept.push(entries[entries.length - 1]!);
    this.entries = kept;
  }
}
