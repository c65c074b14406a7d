/**
 * The model file's `run` section (optional): what a run was heading for and
 * what it drew on the way, so a saved or checkpointed run reopens as it was —
 * its target, its accuracy and gradient-norm curves and its weight snapshots.
 *
 *   "run": {
 *     "target": 5000000,
 *     "accuracy": { "iterations": [ … ], "exact": [ … ], "bit": [ … ] },
 *     "gradNorms": { "iterations": [ … ], "norms": { "U": [ … ], "V": [ … ], "W": [ … ] } },
 *     "snapshots": { "iterations": [ … ], "weights": { "U": [ one row-major matrix after another ], … } }
 *   }
 *
 * The curves hold at most MAX_RUN_CURVE_POINTS points and the snapshots at
 * most MAX_SNAPSHOT_NUMBERS numbers: writing thins them evenly to fit.
 */

import type { TrainConfig } from '../rnn/config';
import { weightLayout, weightNames, type WeightName, type Weights } from '../rnn/weights';
import { fail, integerAt, numbersAt, objectAt } from './fields';
import { numberList, scalar, type NumberListWriter } from './jsonText';
import { MAX_TRAINING_ITERATIONS, spareNumbers } from './model';

/** Points a curve of the section keeps at most. */
export const MAX_RUN_CURVE_POINTS = 2000;
/** Numbers the snapshots take at most (about 11 MB of text); fewer snapshots are kept of a large network. */
export const MAX_SNAPSHOT_NUMBERS = 2 ** 19;
/** Snapshots kept at most: as many as a series holds (shared/rnn/inspect/snapshotSeries.ts). */
const MAX_SECTION_SNAPSHOTS = 200;

/**
 * What the section keeps of a run of `config`: curves of up to
 * MAX_RUN_CURVE_POINTS points and up to MAX_SECTION_SNAPSHOTS snapshots,
 * within MAX_SNAPSHOT_NUMBERS, and within the room the file has to spare at
 * this network's size (spareNumbers), so every file still opens: the largest
 * networks keep shorter curves and no snapshots.
 */
export function sectionBounds(config: TrainConfig): { curvePoints: number; snapshots: number } {
  const room = spareNumbers(config) - 64;
  const series = 3 + 1 + weightNames(config).length;
  const curvePoints = Math.max(0, Math.min(MAX_RUN_CURVE_POINTS, Math.floor(room / (2 * series))));
  const perSnapshot = weightLayout(config).reduce((n, { shape }) => n + shape[0] * shape[1], 0) + 1;
  const forSnapshots = Math.min(MAX_SNAPSHOT_NUMBERS, room - curvePoints * series);
  return { curvePoints, snapshots: Math.max(0, Math.min(MAX_SECTION_SNAPSHOTS, Math.floor(forSnapshots / perSnapshot))) };
}

export interface RunSection {
  /** The iteration the run was heading for (at least the iterations done). */
  target: number;
  accuracy: { iterations: Float64Array; exact: Float64Array; bit: Float64Array };
  /** Gradient norms per weight at the same iterations (NaN where none was measured). */
  gradNorms: { iterations: Float64Array; norms: Partial<Record<WeightName, Float64Array>> };
  /** Weight snapshots, oldest first. */
  snapshots: { iteration: number; weights: Weights }[];
}

/** Indices of `n` points thinned evenly to at most `most`, the first and the last kept. */
export function evenlyKept(n: number, most: number): number[] {
  if (most <= 0) return [];
  if (most === 1) return n > 0 ? [n - 1] : [];
  if (n <= most) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: most }, (_, k) => Math.round((k * (n - 1)) / (most - 1)));
}

function pick(values: Float64Array, indices: number[]): Float64Array {
  return Float64Array.from(indices, (i) => values[i]!);
}

/**
 * The section as text (two-space indented, without a trailing comma), thinned
 * to its bounds. `list` writes a snapshot's numbers (a checkpoint's cache
 * writes those of a snapshot it has written before without formatting them again).
 */
export function runSectionText(run: RunSection, config: TrainConfig, list: NumberListWriter = numberList): string {
  const names = weightNames(config);
  const bounds = sectionBounds(config);
  const a = evenlyKept(run.accuracy.iterations.length, bounds.curvePoints);
  const g = evenlyKept(run.gradNorms.iterations.length, bounds.curvePoints);
  const s = evenlyKept(run.snapshots.length, bounds.snapshots);
  const norms = names
    .filter((name) => run.gradNorms.norms[name])
    .map((name) => `"${name}": ${numberList(finiteOr(pick(run.gradNorms.norms[name]!, g)), `run.gradNorms.norms.${name}`)}`);
  const snapshots = s.map((i) => run.snapshots[i]!);
  const snapshotWeights = names.map((name) => {
    const parts = snapshots.map((snapshot, k) => {
      const t = snapshot.weights[name];
      if (!t) throw new RangeError(`run.snapshots[${k}] has no ${name}`);
      // Keyed by the snapshot's iteration, which stays its own as the series thins.
      return list(t.data, `run.snapshots.${snapshot.iteration}.${name}`).slice(1, -1);
    });
    return `"${name}": [${parts.filter((p) => p !== '').join(', ')}]`;
  });
  return [
    '  "run": {',
    `    "target": ${scalar(run.target, 'run.target')},`,
    `    "accuracy": { "iterations": ${numberList(pick(run.accuracy.iterations, a), 'run.accuracy.iterations')}, "exact": ${numberList(pick(run.accuracy.exact, a), 'run.accuracy.exact')}, "bit": ${numberList(pick(run.accuracy.bit, a), 'run.accuracy.bit')} },`,
    `    "gradNorms": { "iterations": ${numberList(pick(run.gradNorms.iterations, g), 'run.gradNorms.iterations')}, "norms": { ${norms.join(', ')} } },`,
    `    "snapshots": { "iterations": [${snapshots.map((x) => scalar(x.iteration, 'run.snapshots.iterations')).join(', ')}], "weights": { ${snapshotWeights.join(', ')} } }`,
    '  }',
  ].join('\n');
}

/** JSON has no NaN: a weight whose norm was not measured at a point is written as −1 (norms are never negative). */
function finiteOr(values: Float64Array): Float64Array {
  return values.map((v) => (Number.isFinite(v) ? v : -1));
}

/** Reads and validates the section for a model of `config` that has done `iterations`; throws ModelFileError naming the field. */
export function parseRunSection(value: unknown, config: TrainConfig, iterations: number): RunSection {
  const raw = objectAt(value, 'run');
  const target = integerAt(raw.target, 'run.target', iterations, MAX_TRAINING_ITERATIONS);
  const bounds = sectionBounds(config);

  const accuracyRaw = objectAt(raw.accuracy, 'run.accuracy');
  const accuracyAt = increasing(numbersAt(accuracyRaw.iterations, 'run.accuracy.iterations', null, bounds.curvePoints), 'run.accuracy.iterations', iterations);
  const fraction = (key: string) => {
    const values = numbersAt(accuracyRaw[key], `run.accuracy.${key}`, accuracyAt.length, bounds.curvePoints);
    const bad = values.findIndex((v) => v < 0 || v > 1);
    if (bad >= 0) fail(`run.accuracy.${key}[${bad}] must be a fraction from 0 to 1; got ${values[bad]}`);
    return values;
  };
  const accuracy = { iterations: accuracyAt, exact: fraction('exact'), bit: fraction('bit') };

  const gradRaw = objectAt(raw.gradNorms, 'run.gradNorms');
  const gradAt = increasing(numbersAt(gradRaw.iterations, 'run.gradNorms.iterations', null, bounds.curvePoints), 'run.gradNorms.iterations', iterations);
  const normsRaw = objectAt(gradRaw.norms, 'run.gradNorms.norms');
  const names = weightNames(config);
  const norms: Partial<Record<WeightName, Float64Array>> = {};
  for (const [key, list] of Object.entries(normsRaw)) {
    if (!names.includes(key as WeightName)) fail(`run.gradNorms.norms.${key} is not a weight of this model; its weights are ${names.join(', ')}`);
    const values = numbersAt(list, `run.gradNorms.norms.${key}`, gradAt.length, bounds.curvePoints);
    const bad = values.findIndex((v) => v < 0 && v !== -1);
    if (bad >= 0) fail(`run.gradNorms.norms.${key}[${bad}] must be a norm (at least 0, or −1 where none was measured); got ${values[bad]}`);
    norms[key as WeightName] = values.map((v) => (v === -1 ? NaN : v));
  }

  const snapshotsRaw = objectAt(raw.snapshots, 'run.snapshots');
  const layout = weightLayout(config);
  const snapshotAt = increasing(numbersAt(snapshotsRaw.iterations, 'run.snapshots.iterations', null, bounds.snapshots), 'run.snapshots.iterations', iterations);
  const weightsRaw = objectAt(snapshotsRaw.weights, 'run.snapshots.weights');
  for (const key of Object.keys(weightsRaw)) if (!names.includes(key as WeightName)) fail(`run.snapshots.weights.${key} is not a weight of this model; its weights are ${names.join(', ')}`);
  const n = snapshotAt.length;
  const byName = layout.map(({ name, shape }) => ({ name, shape, values: numbersAt(weightsRaw[name], `run.snapshots.weights.${name}`, n * shape[0] * shape[1], MAX_SNAPSHOT_NUMBERS) }));
  const snapshots = Array.from(snapshotAt, (iteration, k) => {
    const weights: Weights = {};
    for (const { name, shape, values } of byName) {
      const size = shape[0] * shape[1];
      weights[name] = { shape: [shape[0], shape[1]], data: values.slice(k * size, (k + 1) * size) };
    }
    return { iteration, weights };
  });
  for (const key of Object.keys(raw)) if (!['target', 'accuracy', 'gradNorms', 'snapshots'].includes(key)) fail(`run.${key} is not part of the run section; it holds target, accuracy, gradNorms and snapshots`);
  return { target, accuracy, gradNorms: { iterations: gradAt, norms }, snapshots };
}

/** Iterations in increasing order, none past the iterations done. */
function increasing(values: Float64Array, path: string, iterations: number): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v > iterations) fail(`${path}[${i}] must be an iteration from 0 to the ${iterations} done; got ${v}`);
    if (i > 0 && v <= values[i - 1]!) fail(`${path} must increase; ${path}[${i}] is ${v} after ${values[i - 1]}`);
  }
  return values;
}

/** A deep copy of the section. */
export function cloneRunSection(run: RunSection): RunSection {
  const norms: Partial<Record<WeightName, Float64Array>> = {};
  for (const [name, values] of Object.entries(run.gradNorms.norms)) norms[name as WeightName] = new Float64Array(values!);
  return {
    target: run.target,
    accuracy: { iterations: new Float64Array(run.accuracy.iterations), exact: new Float64Array(run.accuracy.exact), bit: new Float64Array(run.accuracy.bit) },
    gradNorms: { iterations: new Float64Array(run.gradNorms.iterations), norms },
    snapshots: run.snapshots.map((s) => ({ iteration: s.iteration, weights: Object.fromEntries(Object.entries(s.weights).map(([k, t]) => [k, { shape: [t!.shape[0], t!.shape[1]], data: new Float64Array(t!.data) }])) as Weights })),
  };
}

