/**
 * The model file: versioned JSON holding the configuration, the weights by
 * name (row-major), the training state and the decimated loss history.
 * Writing prints every number in its shortest exact form; reading validates
 * every field and throws ModelFileError naming the first problem.
 */

import { CONFIG_FIELDS, checkField, legacyDefault, type TrainConfig } from '../rnn/config';
import { cloneWeights, validateWeights, weightNames, type Weights } from '../rnn/weights';
import { MAX_HISTORY_POINTS, MAX_MODEL_FILE_BYTES, MAX_TRAINING_ITERATIONS, MODEL_FORMAT, MODEL_VERSION, type LossHistory, type Model, type TrainingState } from './model';
import { compactHistory, historyTotal } from './history';
import { jsonSyntaxError } from './jsonSyntax';
import { numberList, scalar, type NumberListCache } from './jsonText';
import { parseStateSection, stateSectionText } from './stateSection';
import { cloneRunSection, parseRunSection, runSectionText } from './runSection';
import { cloneContinuationState } from '../rnn/trainerState';
import { describeValue, keyPath } from '../describeValue';
import { fail, integerAt, isObject, ModelFileError, NewerModelFileError, nullableNumberAt, numberAt, numbersAt, objectAt, type JsonObject } from './fields';

export { ModelFileError, NewerModelFileError } from './fields';
export { compactHistory, decimateHistory, LossHistoryBuilder } from './history';


/**
 * The model as model-file text (JSON). Throws RangeError for a non-finite
 * number, which JSON cannot hold. A cache (kept from one call to the next)
 * writes the number lists that have not changed since it last saw them
 * without formatting them again; the text is the same either way.
 */
export function serializeModel(model: Model, cache?: NumberListCache): string {
  const list = cache?.write ?? numberList;
  const { config, weights, training } = model;
  const lossHistory = compactHistory(model.lossHistory, training.iterations);
  if (lossHistory.values.length > 0 && (lossHistory.values.length - 1) * lossHistory.stride >= training.iterations) {
    throw new RangeError(`the loss history (${lossHistory.values.length} points of stride ${lossHistory.stride}) covers more than the ${training.iterations} iterations done`);
  }
  const configLines = CONFIG_FIELDS.map((f) => `    ${JSON.stringify(f.key)}: ${scalar(config[f.key], `config.${f.key}`)}`);
  const weightLines = weightNames(config).map((name) => {
    const t = weights[name];
    if (!t) throw new RangeError(`weights.${name} is missing from the model`);
    return `    ${JSON.stringify(name)}: { "shape": [${t.shape[0]}, ${t.shape[1]}], "data": ${list(t.data, `weights.${name}.data`)} }`;
  });
  const t = training;
  const trainingLines = [
    `    "iterations": ${scalar(t.iterations, 'training.iterations')}`,
    `    "lastLoss": ${scalar(t.lastLoss, 'training.lastLoss')}`,
    `    "accuracy": ${scalar(t.accuracy, 'training.accuracy')}`,
    `    "bitAccuracy": ${scalar(t.bitAccuracy, 'training.bitAccuracy')}`,
    `    "seed": ${scalar(t.seed, 'training.seed')}`,
    `    "elapsedSeconds": ${scalar(t.elapsedSeconds, 'training.elapsedSeconds')}`,
  ];
  const sections = [
    `  "format": ${JSON.stringify(MODEL_FORMAT)}`,
    `  "version": ${MODEL_VERSION}`,
    `  "config": {\n${configLines.join(',\n')}\n  }`,
    `  "weights": {\n${weightLines.join(',\n')}\n  }`,
    `  "training": {\n${trainingLines.join(',\n')}\n  }`,
    `  "lossHistory": { "stride": ${scalar(lossHistory.stride, 'lossHistory.stride')}, "values": ${numberList(lossHistory.values, 'lossHistory.values')} }`,
    ...(model.state ? [stateSectionText(model.state, config, list)] : []),
    ...(model.run ? [runSectionText(model.run, config, list)] : []),
  ];
  return `{\n${sections.join(',\n')}\n}\n`;
}

/**
 * Reads and validates model-file text. `byteLength` is the file's size when
 * known (else the text's length stands in), checked before parsing.
 */
export function parseModelFile(text: string, byteLength?: number): Model {
  if (typeof text !== 'string') fail('not a model file: expected text');
  checkModelFileSize(Math.max(byteLength ?? 0, text.length));
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text itself; the scanner names only the place.
    const where = jsonSyntaxError(text);
    fail(`not a model file: the text is not valid JSON${where ? ` (${where})` : ''}`);
  }
  if (!isObject(root)) fail(`not a model file: expected a JSON object at the top level; got ${describeValue(root)}`);
  if (root.format === undefined) fail(`not an RNN Studio model file: "format" is missing (expected "${MODEL_FORMAT}")`);
  if (root.format !== MODEL_FORMAT) fail(`not an RNN Studio model file: format is ${describeValue(root.format)}; expected "${MODEL_FORMAT}"`);
  const version = integerAt(root.version, 'version', 1, Number.MAX_SAFE_INTEGER);
  if (version > MODEL_VERSION) {
    throw new NewerModelFileError(`the model file is version ${version}, newer than this studio reads (version ${MODEL_VERSION}); open it with a newer RNN Studio`, version);
  }
  const config = parseConfig(root.config, version);
  const weights = parseWeights(root.weights, config);
  const training = parseTraining(root.training, config);
  const lossHistory = parseHistory(root.lossHistory, training.iterations);
  const model: Model = { config, weights, training, lossHistory };
  // Version 1 had no state section; a file without one continues from its weights alone, not exactly.
  if (root.state !== undefined) {
    if (version < 2) fail(`state is not part of a version ${version} model file; it came with version 2`);
    model.state = parseStateSection(root.state, config, training.iterations);
  }
  if (root.run !== undefined) model.run = parseRunSection(root.run, config, training.iterations);
  return model;
}

/** Throws ModelFileError when a file of this many bytes is too large to open. */
export function checkModelFileSize(byteLength: number): void {
  if (byteLength > MAX_MODEL_FILE_BYTES) {
    fail(`the file is ${(byteLength / 1024 / 1024).toFixed(1)} MB; a model file can be at most ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MB`);
  }
}

function parseConfig(value: unknown, version: number): TrainConfig {
  const raw = objectAt(value, 'config');
  for (const key of Object.keys(raw)) {
    if (!CONFIG_FIELDS.some((f) => f.key === key)) {
      fail(`${keyPath('config', key)} is not an option; the options are ${CONFIG_FIELDS.map((f) => f.key).join(', ')}`);
    }
  }
  const config: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const v = raw[field.key] ?? legacyDefault(field, version);
    if (v === undefined) fail(`config.${field.key} is missing (${field.label}: ${field.range})`);
    const problem = checkField(field.key, v);
    if (problem) fail(`config.${field.key}: ${problem}`);
    config[field.key] = v;
  }
  return config as unknown as TrainConfig;
}

function parseWeights(value: unknown, config: TrainConfig): Weights {
  const checked = validateWeights(objectAt(value, 'weights'), config, 'weights');
  if (!checked.ok) fail(checked.problem);
  return checked.weights;
}

function parseTraining(value: unknown, config: TrainConfig): TrainingState {
  const raw: JsonObject = objectAt(value, 'training');
  const iterations = integerAt(raw.iterations, 'training.iterations', 0, MAX_TRAINING_ITERATIONS);
  const lastLoss = nullableNumberAt(raw.lastLoss, 'training.lastLoss', 'a number of at least 0', 0, Infinity);
  const accuracy = nullableNumberAt(raw.accuracy, 'training.accuracy', 'a fraction from 0 to 1', 0, 1);
  const bitAccuracy = nullableNumberAt(raw.bitAccuracy, 'training.bitAccuracy', 'a fraction from 0 to 1', 0, 1);
  const seed = integerAt(raw.seed, 'training.seed', 0, 4294967295);
  if (seed !== config.seed) fail(`training.seed is ${seed} but config.seed is ${config.seed}; they must be equal`);
  const elapsedSeconds = numberAt(raw.elapsedSeconds, 'training.elapsedSeconds', 'a number of seconds of at least 0', 0);
  return { iterations, lastLoss, accuracy, bitAccuracy, seed, elapsedSeconds };
}

function parseHistory(value: unknown, iterations: number): LossHistory {
  const raw = objectAt(value, 'lossHistory');
  const stride = integerAt(raw.stride, 'lossHistory.stride', 1, Number.MAX_SAFE_INTEGER);
  const values = numbersAt(raw.values, 'lossHistory.values', null, MAX_HISTORY_POINTS);
  if (values.length > 0 && (values.length - 1) * stride >= iterations) {
    fail(`lossHistory has ${values.length} points of stride ${stride}, more than training.iterations (${iterations}) can fill`);
  }
  const negative = values.findIndex((v) => v < 0);
  if (negative >= 0) fail(`lossHistory.values[${negative}] must be at least 0 (a mean loss); got ${values[negative]}`);
  // Continuing sums the points back into losses; a sum past the largest float64 would make a file that does not open.
  if (!Number.isFinite(historyTotal({ stride, values }, iterations))) {
    fail(`lossHistory.values add up, over the ${iterations} iterations they cover, to more than a float64 holds; no run's mean losses are so large`);
  }
  return { stride, values };
}

/** A deep copy of a model (fresh typed arrays). */
export function cloneModel(model: Model): Model {
  return {
    config: { ...model.config },
    weights: cloneWeights(model.weights),
    training: { ...model.training },
    lossHistory: { stride: model.lossHistory.stride, values: new Float64Array(model.lossHistory.values) },
    ...(model.state ? { state: cloneContinuationState(model.state) } : {}),
    ...(model.run ? { run: cloneRunSection(model.run) } : {}),
  };
}

export function isModelFileError(error: unknown): error is ModelFileError {
  return error instanceof ModelFileError;
}
