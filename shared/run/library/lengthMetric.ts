/**
 * A run's accuracy on longer sums than it was trained on, as a metric of the
 * runs table and of sweeps: one chosen length M, measured on the run's final
 * weights with the same sample evaluateAtLength uses everywhere.
 */

import type { NetConfig } from '../../rnn/evaluate';
import { accuracyByLength, evaluateAtLength, testBitsProblem } from '../../rnn/lengths';
import type { Weights } from '../../rnn/weights';
import type { RunEntry } from './runEntry';

export interface AccuracyAtLength {
  /** The length tested, 2 to 64 bits. */
  bits: number;
  /** Fraction of the tested pairs whose every bit is right. */
  exact: number;
}

/** The exact accuracy of the weights on `bits`-bit sums; throws a RangeError for a length outside 2 to 64. */
export function measureAccuracyAtLength(weights: Weights, config: NetConfig, bits: number): AccuracyAtLength {
  return { bits, exact: evaluateAtLength(weights, config, bits).exact };
}

/** The entry's accuracy at `bits` bits when it has been measured at that length, else null. */
export function accuracyAtLengthOf(entry: RunEntry, bits: number | null): number | null {
  const a = entry.accuracyAtLength;
  return bits !== null && a !== null && a.bits === bits ? a.exact : null;
}

/** The entries still to be measured at `bits` bits. */
export function unmeasuredAt(entries: readonly RunEntry[], bits: number): RunEntry[] {
  return entries.filter((e) => accuracyAtLengthOf(e, bits) === null);
}

/** The mean accuracy at `bits` bits over the runs measured there; null when none is. */
export function meanAccuracyAtLength(entries: readonly RunEntry[], bits: number | null): number | null {
  const values = entries.map((e) => accuracyAtLengthOf(e, bits)).filter((v): v is number => v !== null);
  return values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

/** One run's accuracy-versus-length curve, for overlaying runs. */
export interface RunLengthCurve {
  id: string;
  points: { bits: number; exact: number }[];
}

/** The accuracy-versus-length curves (2 to 64 bits, or the lengths given) of the runs' final weights, in their order. */
export function runLengthCurves(entries: readonly RunEntry[], lengths?: readonly number[]): RunLengthCurve[] {
  return entries.map((e) => ({ id: e.id, points: accuracyByLength(e.model.weights, e.model.config, lengths) }));
}

/** A stored value: null, or { bits, exact } with bits 2 to 64 and exact a fraction; throws an Error saying what is wrong. */
export function parseAccuracyAtLength(value: unknown): AccuracyAtLength | null {
  if (value === undefined || value === null) return null;
  const v = value as { bits?: unknown; exact?: unknown };
  if (typeof v !== 'object') throw new Error('must be null or { bits, exact }');
  const problem = testBitsProblem(v.bits);
  if (problem) throw new Error(`bits: ${problem}`);
  if (typeof v.exact !== 'number' || !(v.exact >= 0 && v.exact <= 1)) throw new Error('exact must be a fraction from 0 to 1');
  return { bits: v.bits as number, exact: v.exact };
}
