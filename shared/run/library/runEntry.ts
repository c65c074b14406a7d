/**
 * A run as the run library keeps it: the model file of the run (configuration
 * and seed, final weights, training state, loss curve) and what a model file
 * does not hold — a label, when it ran, reachedAt, and short accuracy and
 * gradient-norm curves. Curves are bounded, so a thousand runs stay small.
 */

import { compactHistory } from '../../model-file/history';
import { parseModelFile, serializeModel } from '../../model-file/modelFile';
import { MAX_MODEL_FILE_BYTES, type Model } from '../../model-file/model';
import type { RunRecorder } from '../runRecorder';
import { WEIGHT_NAMES, isWeightName, type WeightName } from '../../rnn/weights';
import { CONFIG_FIELDS, type ConfigKey } from '../../rnn/config';
import { parseAccuracyAtLength, type AccuracyAtLength } from './lengthMetric';

export const RUN_FORMAT = 'rnn-studio-run';
export const RUN_VERSION = 1;
/** Loss points kept per run. */
export const RUN_LOSS_POINTS = 1000;
/** Accuracy and gradient-norm points kept per run. */
export const RUN_CURVE_POINTS = 200;
/** Runs a library keeps; the oldest go first. */
export const MAX_LIBRARY_RUNS = 1000;
/** Points a stored curve may hold (a run kept by an earlier version may hold more than RUN_CURVE_POINTS). */
const MAX_STORED_CURVE_POINTS = 10 * RUN_CURVE_POINTS;
/**
 * The largest run file: its model file at the largest (what the largest valid
 * configuration writes) and, generously, the curves and fields around it (an
 * accuracy curve and one gradient-norm curve per weight name, 25 bytes a number).
 */
export const MAX_RUN_ENTRY_BYTES = MAX_MODEL_FILE_BYTES + (1 + WEIGHT_NAMES.length) * 2 * MAX_STORED_CURVE_POINTS * 25 + 64 * 1024;

/** Points of a curve: x is the iteration. */
export interface CurvePoints {
  x: number[];
  y: number[];
}

export interface RunEntry {
  /** Unique within a library: letters, digits and dashes. */
  id: string;
  label: string;
  /** When the run began (ms since 1970). */
  ranAt: number;
  reachedAt: number | null;
  /** The mean reported loss of the run's last 1 000 iterations, as the CLI's meanLoss; null when not known (runs kept before it was). */
  meanLoss: number | null;
  /** Exact accuracy (fraction) at each evaluation. */
  accuracy: CurvePoints;
  /** Gradient L2 norm of each weight. */
  gradNorms: { name: WeightName; points: CurvePoints }[];
  /** Exact accuracy of the final weights on sums of `bits` bits (a longer length than trained), once measured. */
  accuracyAtLength: AccuracyAtLength | null;
  /** The sweep the run was part of: its id (shared by its runs), when it began and the settings it varied; null for a run trained alone. */
  sweep: SweepTag | null;
  model: Model;
}

export interface SweepTag {
  id: string;
  startedAt: number;
  varied: ConfigKey[];
}

export class RunEntryError extends Error {
  override name = 'RunEntryError';
}

/** A fresh id: the time and a random part, so ids sort roughly by age and do not collide across windows. */
export function newRunId(now: number, random: () => number = Math.random): string {
  return `${now.toString(36).padStart(9, '0')}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

/**
 * The recorder's run as a library entry; null before it has weights. `model`
 * is the run as a model file holds it, when the caller has made it already
 * (a sweep's finished run); else the recorder's.
 */
export function entryFromRecorder(recorder: RunRecorder, id: string, label: string, model: Model | null = recorder.toModel()): RunEntry | null {
  if (!model) return null;
  model = { ...model, lossHistory: compactHistory(model.lossHistory, model.training.iterations, RUN_LOSS_POINTS) };
  const view = recorder.curves.accuracyView(RUN_CURVE_POINTS);
  return {
    id,
    label,
    ranAt: recorder.record.startedAt,
    reachedAt: recorder.record.reachedAt,
    meanLoss: recorder.record.meanLoss,
    accuracy: { x: view.exact.map((p) => p.x), y: view.exact.map((p) => p.y / 100) },
    gradNorms: recorder.curves.gradNormView(RUN_CURVE_POINTS).map(({ name, points }) => ({ name, points: { x: points.map((p) => p.x), y: points.map((p) => p.y) } })),
    accuracyAtLength: null,
    sweep: null,
    model,
  };
}

/** The entry as the text of its file (JSON; the model inside as model-file text). */
export function serializeRunEntry(entry: RunEntry): string {
  return `${JSON.stringify({
    format: RUN_FORMAT,
    version: RUN_VERSION,
    id: entry.id,
    label: entry.label,
    ranAt: entry.ranAt,
    reachedAt: entry.reachedAt,
    meanLoss: entry.meanLoss,
    accuracy: entry.accuracy,
    gradNorms: entry.gradNorms,
    accuracyAtLength: entry.accuracyAtLength,
    sweep: entry.sweep,
    model: serializeModel(entry.model),
  })}\n`;
}

/**
 * An entry's id and time, with the entry's own fields checked but not its
 * model (the costly part): what a store that holds the text as it is needs
 * to file it. Throws RunEntryError naming the problem.
 */
export function runEntryKey(text: string): { id: string; ranAt: number } {
  const r = readEntryFields(text);
  return { id: r.id, ranAt: r.ranAt };
}

/** The entry's JSON with every field but the model's text checked. */
function readEntryFields(text: string): Record<string, unknown> & { id: string; label: string; ranAt: number; model: string } {
  if (text.length > MAX_RUN_ENTRY_BYTES) throw new RunEntryError(`a run file is at most ${MAX_RUN_ENTRY_BYTES} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RunEntryError('not a run file: the text is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RunEntryError('not a run file: expected a JSON object');
  const r = raw as Record<string, unknown>;
  if (r.format !== RUN_FORMAT) throw new RunEntryError(`not a run file: format must be "${RUN_FORMAT}"`);
  if (r.version !== RUN_VERSION) throw new RunEntryError(`a run file of version ${String(r.version)}; this studio reads version ${RUN_VERSION}`);
  if (!isRunId(r.id)) throw new RunEntryError('id must be 1 to 64 letters, digits or dashes');
  if (typeof r.label !== 'string' || r.label.length > 200) throw new RunEntryError('label must be a text of at most 200 characters');
  if (typeof r.ranAt !== 'number' || !Number.isFinite(r.ranAt)) throw new RunEntryError('ranAt must be a time in milliseconds');
  if (r.reachedAt !== null && !(typeof r.reachedAt === 'number' && Number.isSafeInteger(r.reachedAt) && r.reachedAt > 0)) throw new RunEntryError('reachedAt must be an iteration or null');
  if (typeof r.model !== 'string') throw new RunEntryError('model must be the text of a model file');
  return r as Record<string, unknown> & { id: string; label: string; ranAt: number; model: string };
}

/** Reads and checks an entry; throws RunEntryError naming the problem. */
export function parseRunEntry(text: string): RunEntry {
  const r = readEntryFields(text);
  let model: Model;
  try {
    model = parseModelFile(r.model);
  } catch (error) {
    throw new RunEntryError(`model: ${error instanceof Error ? error.message : String(error)}`);
  }
  const gradNorms = Array.isArray(r.gradNorms) ? r.gradNorms : null;
  if (!gradNorms) throw new RunEntryError('gradNorms must be a list');
  return {
    id: r.id,
    label: r.label,
    ranAt: r.ranAt,
    reachedAt: r.reachedAt as number | null,
    meanLoss: meanLossAt(r.meanLoss),
    accuracy: curveAt(r.accuracy, 'accuracy'),
    gradNorms: gradNorms.map((g: unknown, i) => {
      const name = (g as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !isWeightName(name)) throw new RunEntryError(`gradNorms[${i}].name must be a weight's name`);
      return { name, points: curveAt((g as { points?: unknown }).points, `gradNorms[${i}].points`) };
    }),
    accuracyAtLength: accuracyAtLengthAt(r.accuracyAtLength),
    sweep: sweepTagAt(r.sweep),
    model,
  };
}

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(value);
}

/** Runs kept before the field existed were not tagged (their sweep, if any, is not known). */
function sweepTagAt(value: unknown): SweepTag | null {
  if (value === undefined || value === null) return null;
  const v = value as { id?: unknown; startedAt?: unknown; varied?: unknown };
  const keys = CONFIG_FIELDS.map((f) => f.key as string);
  if (typeof v !== 'object' || !isRunId(v.id) || typeof v.startedAt !== 'number' || !Number.isFinite(v.startedAt) || !Array.isArray(v.varied) || !v.varied.every((k) => keys.includes(k))) {
    throw new RunEntryError('sweep must be null or { id, startedAt, varied } with varied a list of option names');
  }
  return { id: v.id, startedAt: v.startedAt, varied: v.varied as ConfigKey[] };
}

/** Runs kept before the field existed have none. */
function meanLossAt(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RunEntryError('meanLoss must be a loss of at least 0, or null');
  return value;
}

/** Runs kept before the field existed have none. */
function accuracyAtLengthAt(value: unknown): AccuracyAtLength | null {
  try {
    return parseAccuracyAtLength(value);
  } catch (error) {
    throw new RunEntryError(`accuracyAtLength ${(error as Error).message}`);
  }
}

function curveAt(value: unknown, path: string): CurvePoints {
  const v = value as { x?: unknown; y?: unknown } | null;
  const ok = (list: unknown): list is number[] => Array.isArray(list) && list.length <= MAX_STORED_CURVE_POINTS && list.every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!v || !ok(v.x) || !ok(v.y) || v.x.length !== v.y.length) throw new RunEntryError(`${path} must hold two lists of finite numbers of equal length`);
  return { x: v.x, y: v.y };
}
