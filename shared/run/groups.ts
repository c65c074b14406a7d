/**
 * Seed groups: runs whose configurations differ only in the seed are one
 * group, shown as a mean curve with a band and summed up by how many
 * succeeded and when their stop rule was met. Also the grid of a sweep over two settings, for its
 * heatmap. Everything here reads a run's summary, whatever record holds it.
 */

import { CONFIG_FIELDS, type ConfigKey, type TrainConfig } from '../rnn/config';

/** What groups and heatmaps read of a run. */
export interface RunSummary {
  config: TrainConfig;
  /** Where the stop rule was met; null when it never was, or the run had none. */
  reachedAt: number | null;
  /** Final exact accuracy, null when not measured. */
  accuracy: number | null;
}

/**
 * A run succeeded when its final exact accuracy reached its target: the stop
 * rule's (untilAccuracy), or every pair right (1) for a run without one. The
 * studio's success rates and the CLI's sweep summary count this.
 */
export function succeeded(run: Pick<RunSummary, 'config' | 'accuracy'>): boolean {
  const target = run.config.untilAccuracy > 0 ? run.config.untilAccuracy : 1;
  return run.accuracy !== null && run.accuracy >= target;
}

/** A curve sampled every `stride` iterations: values[i] is the value at (or the mean over) point i. */
export interface StridedCurve {
  stride: number;
  values: ArrayLike<number>;
}

export type BandKind = 'min-max' | 'sd';

export interface GroupCurve {
  stride: number;
  mean: Float64Array;
  low: Float64Array;
  high: Float64Array;
  /** Runs that still had a value at each point (runs that stopped early drop out). */
  count: Uint32Array;
}

export interface SeedGroup<R extends RunSummary> {
  /** The configuration without the seed, as a stable key. */
  key: string;
  runs: R[];
  seeds: number[];
  /** Share of runs that succeeded (their final accuracy reached their target; see succeeded). */
  successRate: number;
  /** Median reachedAt over the runs that met their stop rule; null when none did. */
  medianReachedAt: number | null;
}

/** The configuration without its seed, as a key equal for runs that differ only in seed. */
export function seedlessKey(config: TrainConfig): string {
  return JSON.stringify(CONFIG_FIELDS.filter((f) => f.key !== 'seed').map((f) => config[f.key]));
}

/** The runs grouped by everything but the seed, groups in the order their first run appears. */
export function seedGroups<R extends RunSummary>(runs: readonly R[]): SeedGroup<R>[] {
  const byKey = new Map<string, R[]>();
  for (const run of runs) {
    const key = seedlessKey(run.config);
    const list = byKey.get(key);
    if (list) list.push(run);
    else byKey.set(key, [run]);
  }
  return [...byKey].map(([key, members]) => {
    const reached = members.map((r) => r.reachedAt).filter((k): k is number => k !== null);
    return {
      key,
      runs: members,
      seeds: members.map((r) => r.config.seed),
      successRate: members.filter(succeeded).length / members.length,
      medianReachedAt: reached.length > 0 ? median(reached) : null,
    };
  });
}

/**
 * The mean of several runs' curves with a band (min–max or ± one standard
 * deviation), on the coarsest stride among them: a finer curve is averaged
 * down to it. A point counts the runs that reach it.
 */
export function meanCurve(curves: readonly StridedCurve[], band: BandKind): GroupCurve {
  const stride = curves.reduce((s, c) => Math.max(s, c.stride), 1);
  const resampled = curves.map((c) => resample(c, stride));
  const points = resampled.reduce((n, c) => Math.max(n, c.length), 0);
  const mean = new Float64Array(points), low = new Float64Array(points), high = new Float64Array(points);
  const count = new Uint32Array(points);
  for (let i = 0; i < points; i++) {
    let sum = 0, n = 0, min = Infinity, max = -Infinity;
    for (const c of resampled) {
      if (i >= c.length) continue;
      const v = c[i]!;
      sum += v;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const m = sum / n;
    mean[i] = m;
    count[i] = n;
    if (band === 'min-max') {
      low[i] = min;
      high[i] = max;
    } else {
      let squares = 0;
      for (const c of resampled) if (i < c.length) squares += (c[i]! - m) ** 2;
      const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
      low[i] = m - sd;
      high[i] = m + sd;
    }
  }
  return { stride, mean, low, high, count };
}

/** A curve averaged down to a coarser stride (a multiple of its own, or any larger: points are grouped by the iteration they start at). */
function resample(curve: StridedCurve, stride: number): Float64Array {
  if (curve.stride === stride) return Float64Array.from(curve.values);
  const out: number[] = [];
  let sum = 0, n = 0, bucket = 0;
  for (let i = 0; i < curve.values.length; i++) {
    const b = Math.floor((i * curve.stride) / stride);
    if (b !== bucket && n > 0) {
      out.push(sum / n);
      sum = 0;
      n = 0;
    }
    bucket = b;
    sum += curve.values[i]!;
    n++;
  }
  if (n > 0) out.push(sum / n);
  return Float64Array.from(out);
}

export type CellMetric = 'medianReachedAt' | 'successRate';

export interface HeatmapCell<R extends RunSummary> {
  x: TrainConfig[ConfigKey];
  y: TrainConfig[ConfigKey];
  runs: R[];
  successRate: number;
  medianReachedAt: number | null;
}

/** The runs on a grid of two settings' values (in first-seen order), each cell holding its runs and their figures. */
export function heatmapGrid<R extends RunSummary>(runs: readonly R[], xKey: ConfigKey, yKey: ConfigKey) {
  const xs = unique(runs.map((r) => r.config[xKey]));
  const ys = unique(runs.map((r) => r.config[yKey]));
  const cells: HeatmapCell<R>[][] = ys.map((y) =>
    xs.map((x) => {
      const members = runs.filter((r) => r.config[xKey] === x && r.config[yKey] === y);
      const reached = members.map((r) => r.reachedAt).filter((k): k is number => k !== null);
      return {
        x,
        y,
        runs: members,
        successRate: members.length > 0 ? members.filter(succeeded).length / members.length : 0,
        medianReachedAt: reached.length > 0 ? median(reached) : null,
      };
    }),
  );
  return { xs, ys, cells };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values is undefined');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
