/** A kept run's curves as chart points: loss from its model file's history, accuracy from its entry; x in iterations or seconds. */

import type { Point } from '@shared/run/curves/decimate';
import { emaSmooth } from '@shared/run/curves/smoothing';
import type { RunEntry } from '@shared/run/library/runEntry';

export type XAxis = 'iterations' | 'seconds';

/** Seconds per iteration of a run, taken as even over the run (what a kept run knows of its pace). */
function secondsPerIteration(entry: RunEntry): number {
  const t = entry.model.training;
  return t.iterations > 0 ? t.elapsedSeconds / t.iterations : 0;
}

function x(entry: RunEntry, iteration: number, axis: XAxis): number {
  return axis === 'iterations' ? iteration : iteration * secondsPerIteration(entry);
}

/** Loss points (each the mean of its stride, placed at the stride's end), smoothed by an EMA of weight `smoothing`. */
export function lossPoints(entry: RunEntry, axis: XAxis, smoothing: number): Point[] {
  const { stride, values } = entry.model.lossHistory;
  const smoothed = smoothing > 0 ? emaSmooth(values, smoothing) : values;
  return Array.from(smoothed, (y, i) => ({ x: x(entry, (i + 1) * stride, axis), y }));
}

/** Exact accuracy in percent at each kept evaluation. */
export function accuracyPoints(entry: RunEntry, axis: XAxis): Point[] {
  return entry.accuracy.x.map((iteration, i) => ({ x: x(entry, iteration, axis), y: 100 * entry.accuracy.y[i]! }));
}

/** An accuracy-versus-length curve as chart points: x the length in bits, y the exact accuracy in percent. */
export function lengthPoints(points: readonly { bits: number; exact: number }[]): Point[] {
  return points.map((p) => ({ x: p.bits, y: 100 * p.exact }));
}
