/** The run section: a saved or checkpointed run reopens with its target, its curves and its snapshots. */

import { describe, expect, it } from 'vitest';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { MAX_RUN_CURVE_POINTS, MAX_SNAPSHOT_NUMBERS, sectionBounds, type RunSection } from '@shared/model-file/runSection';
import { MAX_MODEL_FILE_BYTES } from '@shared/model-file/model';
import { parameterCount } from '@shared/rnn/parameters';
import { weightNames } from '@shared/rnn/weights';
import type { Model } from '@shared/model-file/model';
import { sampleModel } from './sampleModel';
import { refusalOf } from './refusal';

type Json = any;

function withRun(model: Model, points = 5, snapshots = 3): Model {
  const w = model.weights;
  const run: RunSection = {
    target: 5_000_000,
    accuracy: { iterations: Float64Array.from({ length: points }, (_, i) => (i + 1) * 100), exact: Float64Array.from({ length: points }, (_, i) => i / points), bit: Float64Array.from({ length: points }, (_, i) => 0.5 + i / (2 * points)) },
    gradNorms: { iterations: Float64Array.of(10, 20, 30), norms: { U: Float64Array.of(1e-4, 2.5, NaN), V: Float64Array.of(0.1, 0.2, 0.3), W: Float64Array.of(3, 2, 1) } },
    snapshots: Array.from({ length: snapshots }, (_, k) => ({
      iteration: k * 100,
      weights: Object.fromEntries(Object.entries(w).map(([name, t]) => [name, { shape: [...t!.shape], data: t!.data.map((v) => v * (k + 1)) }])) as Model['weights'],
    })),
  };
  return { ...model, run };
}

const reread = (model: Model): Model => parseModelFile(serializeModel(model));

function broken(change: (json: Json) => void): string {
  const json = JSON.parse(serializeModel(withRun(sampleModel())));
  change(json);
  return JSON.stringify(json);
}

describe('the run section', () => {
  it('keeps the target, the curves and every snapshot bit for bit', () => {
    const model = withRun(sampleModel());
    const back = reread(model).run!;
    expect(back.target).toBe(5_000_000);
    expect(Array.from(back.accuracy.exact)).toEqual(Array.from(model.run!.accuracy.exact));
    expect(Array.from(back.gradNorms.norms.U!)).toEqual([1e-4, 2.5, NaN]);
    expect(back.snapshots.map((s) => s.iteration)).toEqual([0, 100, 200]);
    expect(Array.from(back.snapshots[2]!.weights.V!.data)).toEqual(Array.from(model.run!.snapshots[2]!.weights.V!.data));
    expect(back.snapshots[1]!.weights.V!.shape).toEqual([16, 16]);
  });

  it('thins long curves and many snapshots evenly to its bounds, keeping the first and the last', () => {
    const big = withRun(sampleModel({ hiddenSize: 128 }), 3 * MAX_RUN_CURVE_POINTS, 2);
    big.training.iterations = 1e6;
    big.run!.accuracy.iterations = Float64Array.from({ length: 3 * MAX_RUN_CURVE_POINTS }, (_, i) => i * 10);
    big.run!.snapshots = Array.from({ length: 200 }, (_, k) => ({ iteration: k * 1000, weights: sampleModel({ hiddenSize: 128 }).weights }));
    const back = reread(big).run!;
    expect(back.accuracy.iterations.length).toBe(MAX_RUN_CURVE_POINTS);
    expect(back.accuracy.iterations[0]).toBe(0);
    expect(back.accuracy.iterations.at(-1)).toBe((3 * MAX_RUN_CURVE_POINTS - 1) * 10);
    const perSnapshot = 2 * 128 + 128 * 128 + 128;
    expect(back.snapshots.length).toBe(Math.floor(MAX_SNAPSHOT_NUMBERS / perSnapshot));
    expect(back.snapshots[0]!.iteration).toBe(0);
    expect(back.snapshots.at(-1)!.iteration).toBe(199_000);
  });

  it('is optional: a file without one opens as before', () => {
    expect(reread(sampleModel()).run).toBeUndefined();
  });

  it.each([
    ['a target before the iterations done', (j: Json) => (j.run.target = 10), 'run.target must be a whole number from 500 to'],
    ['an accuracy past 1', (j: Json) => (j.run.accuracy.exact[2] = 1.5), 'run.accuracy.exact[2] must be a fraction from 0 to 1; got 1.5'],
    ['iterations out of order', (j: Json) => (j.run.accuracy.iterations[1] = 50), 'run.accuracy.iterations must increase; run.accuracy.iterations[1] is 50 after 100'],
    ['a curve point after the iterations done', (j: Json) => (j.run.gradNorms.iterations[2] = 501), 'run.gradNorms.iterations[2] must be an iteration from 0 to the 500 done; got 501'],
    ['a norm of another cell', (j: Json) => (j.run.gradNorms.norms.V_i = [1, 2, 3]), 'run.gradNorms.norms.V_i is not a weight of this model; its weights are U, V, W'],
    ['a negative norm', (j: Json) => (j.run.gradNorms.norms.V[0] = -2), 'run.gradNorms.norms.V[0] must be a norm'],
    ['a snapshot short of numbers', (j: Json) => j.run.snapshots.weights.V.pop(), 'run.snapshots.weights.V has 767 numbers; 768 are needed'],
    ['a snapshot of a weight missing', (j: Json) => delete j.run.snapshots.weights.W, 'run.snapshots.weights.W is missing'],
    ['an unknown key', (j: Json) => (j.run.extra = 1), 'run.extra is not part of the run section'],
  ])('refuses %s with a message naming the field', (_name, change, message) => {
    expect(refusalOf(broken(change))).toContain(message);
  });
});

describe('the run section within the file size limit', () => {
  it('keeps every snapshot of a small network, and leaves the largest networks room to stay under MAX_MODEL_FILE_BYTES', () => {
    expect(sectionBounds(sampleModel().config)).toEqual({ curvePoints: MAX_RUN_CURVE_POINTS, snapshots: 200 });
    const largest = sampleModel({ cell: 'lstm', hiddenSize: 512, bias: true, optimizer: 'adam' }).config;
    const bounds = sectionBounds(largest);
    expect(bounds.snapshots).toBe(0);
    // What it may still write, at the longest number text, fits beside four copies of the parameters.
    const numbers = bounds.curvePoints * (3 + 1 + weightNames(largest).length);
    expect(26 * (4 * parameterCount(largest) + 10_000 + 624 + numbers) + 64 * 1024).toBeLessThanOrEqual(MAX_MODEL_FILE_BYTES);
  });
});
