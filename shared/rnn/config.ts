/**
 * Training configuration: every option of the studio, its range, its default
 * (the reference preset of docs/algorithm.md) and its validation. The renderer's
 * forms, the CLI's flags and the model-file parser all read this one table.
 */

import { describeValue } from '../describeValue';
import { platform } from '../platform';

/** The recurrent cell: the vanilla RNN of ALGORITHM.md, an LSTM or a GRU (ONNX's gate layouts). */
export type Cell = 'rnn' | 'lstm' | 'gru';
export type Activation = 'sigmoid' | 'tanh';
export type Init = 'randn' | 'xavier';
export type Optimizer = 'sgd' | 'momentum' | 'adam';
export type RngKind = 'numpy' | 'xoshiro';

export interface TrainConfig {
  /** Bits per number (L). */
  bits: number;
  cell: Cell;
  hiddenSize: number;
  learningRate: number;
  iterations: number;
  /** Stop once the exact accuracy reaches this fraction at an evaluation; 0 = off. */
  untilAccuracy: number;
  /** Iterations between the evaluations of the stop rule. */
  evalEvery: number;
  /** uint32; always recorded so a run can be repeated. */
  seed: number;
  activation: Activation;
  bias: boolean;
  init: Init;
  optimizer: Optimizer;
  batchSize: number;
  /** Gradient-norm clip over all parameters; 0 = off. */
  clip: number;
  rng: RngKind;
}

export type ConfigKey = keyof TrainConfig;

/** The reference preset of docs/algorithm.md, without the seed (a fresh one is drawn per run unless given). */
export const REFERENCE_PRESET: Readonly<Omit<TrainConfig, 'seed'>> = Object.freeze({
  bits: 8,
  cell: 'rnn',
  hiddenSize: 16,
  learningRate: 0.1,
  iterations: 20_000,
  untilAccuracy: 0,
  evalEvery: 100,
  activation: 'sigmoid',
  bias: false,
  init: 'randn',
  optimizer: 'sgd',
  batchSize: 1,
  clip: 0,
  rng: 'numpy',
});

interface FieldBase {
  key: ConfigKey;
  /** The label shown in the studio (and used as the accessible name). */
  label: string;
  /** The CLI flag, without the leading dashes. */
  flag: string;
  /** The group the studio shows the field in. */
  group: 'Task' | 'Network' | 'Training';
  /** Fixed by the weights: changing it needs a new model (a reset), and continuing a saved model may not change it. */
  fixedByWeights: boolean;
  /**
   * The model-file version that introduced the option; files of an older
   * version do not hold it and take its default from REFERENCE_PRESET.
   */
  since?: number;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  min: number;
  max: number;
  /** Lower bound is exclusive (learning rate > 0). */
  minExclusive?: boolean;
  integer: boolean;
  /** Human text of the valid range, used in every error message. */
  range: string;
}

export interface ChoiceField extends FieldBase {
  kind: 'choice';
  choices: readonly string[];
  range: string;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
  range: string;
}

export type ConfigField = NumberField | ChoiceField | BooleanField;

/** Every option in display order. */
export const CONFIG_FIELDS: readonly ConfigField[] = [
  { key: 'bits', label: 'Bits', flag: 'bits', group: 'Task', fixedByWeights: true, kind: 'number', min: 2, max: 32, integer: true, range: 'an integer from 2 to 32' },
  { key: 'cell', label: 'Cell', flag: 'cell', group: 'Network', fixedByWeights: true, kind: 'choice', choices: ['rnn', 'lstm', 'gru'], range: 'rnn, lstm or gru', since: 2 },
  { key: 'hiddenSize', label: 'Hidden size', flag: 'hidden', group: 'Network', fixedByWeights: true, kind: 'number', min: 1, max: 512, integer: true, range: 'an integer from 1 to 512' },
  { key: 'activation', label: 'Activation', flag: 'activation', group: 'Network', fixedByWeights: true, kind: 'choice', choices: ['sigmoid', 'tanh'], range: 'sigmoid or tanh' },
  { key: 'bias', label: 'Biases', flag: 'bias', group: 'Network', fixedByWeights: true, kind: 'boolean', range: 'on or off' },
  { key: 'init', label: 'Initialisation', flag: 'init', group: 'Network', fixedByWeights: true, kind: 'choice', choices: ['randn', 'xavier'], range: 'randn or xavier' },
  { key: 'learningRate', label: 'Learning rate', flag: 'lr', group: 'Training', fixedByWeights: false, kind: 'number', min: 0, max: 100, minExclusive: true, integer: false, range: 'a number above 0 and at most 100' },
  { key: 'iterations', label: 'Iterations', flag: 'iterations', group: 'Training', fixedByWeights: false, kind: 'number', min: 1, max: 1e9, integer: true, range: 'an integer from 1 to 1000000000' },
  { key: 'untilAccuracy', label: 'Stop at accuracy', flag: 'until-accuracy', group: 'Training', fixedByWeights: false, since: 2, kind: 'number', min: 0, max: 1, integer: false, range: 'a fraction from 0 (off) to 1 (every pair right)' },
  { key: 'evalEvery', label: 'Evaluate every', flag: 'eval-every', group: 'Training', fixedByWeights: false, since: 2, kind: 'number', min: 1, max: 1e9, integer: true, range: 'an integer from 1 to 1000000000' },
  { key: 'optimizer', label: 'Optimiser', flag: 'optimizer', group: 'Training', fixedByWeights: false, kind: 'choice', choices: ['sgd', 'momentum', 'adam'], range: 'sgd, momentum or adam' },
  { key: 'batchSize', label: 'Batch size', flag: 'batch', group: 'Training', fixedByWeights: false, kind: 'number', min: 1, max: 1024, integer: true, range: 'an integer from 1 to 1024' },
  { key: 'clip', label: 'Gradient clipping', flag: 'clip', group: 'Training', fixedByWeights: false, kind: 'number', min: 0, max: 1e6, integer: false, range: 'a number from 0 (off) to 1000000' },
  { key: 'rng', label: 'Random generator', flag: 'rng', group: 'Training', fixedByWeights: true, kind: 'choice', choices: ['numpy', 'xoshiro'], range: 'numpy or xoshiro' },
  { key: 'seed', label: 'Seed', flag: 'seed', group: 'Training', fixedByWeights: true, kind: 'number', min: 0, max: 4294967295, integer: true, range: 'an integer from 0 to 4294967295' },
];

export class ConfigError extends Error {
  constructor(
    readonly key: ConfigKey | null,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The field description of one option. */
export function fieldOf(key: ConfigKey): ConfigField {
  const field = CONFIG_FIELDS.find((f) => f.key === key);
  if (!field) throw new Error(`unknown option ${key}`);
  return field;
}

/** A numeric option's field (its range); throws for an option of another kind. */
export function numberFieldOf(key: ConfigKey): NumberField {
  const field = fieldOf(key);
  if (field.kind !== 'number') throw new Error(`${key} is not a numeric option`);
  return field;
}

/**
 * Checks one option's value; returns an error message naming the option and
 * its valid range, or null when the value is valid.
 */
export function checkField(key: ConfigKey, value: unknown): string | null {
  const field = fieldOf(key);
  const bad = `${field.label} must be ${field.range}`;
  switch (field.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${bad}; got ${describeValue(value)}`;
      if (field.integer && !Number.isInteger(value)) return `${bad}; got ${value}`;
      const low = field.minExclusive ? value <= field.min : value < field.min;
      if (low || value > field.max) return `${bad}; got ${value}`;
      return null;
    }
    case 'choice':
      return typeof value === 'string' && field.choices.includes(value) ? null : `${bad}; got ${describeValue(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${bad}; got ${describeValue(value)}`;
  }
}

/** A fresh uint32 seed from the platform's cryptographic generator. */
export function freshSeed(): number {
  const out = new Uint32Array(1);
  platform.crypto.getRandomValues(out);
  return out[0]!;
}

/**
 * Completes a partial configuration with the reference preset's defaults and
 * a fresh seed, and validates every option. Throws ConfigError for the first
 * bad option (or an unknown key).
 */
export function resolveConfig(input: Partial<Record<string, unknown>> = {}): TrainConfig {
  for (const key of Object.keys(input)) {
    if (!CONFIG_FIELDS.some((f) => f.key === key)) {
      throw new ConfigError(null, `unknown option "${key}"; options are ${CONFIG_FIELDS.map((f) => f.key).join(', ')}`);
    }
  }
  const merged: Record<string, unknown> = { ...REFERENCE_PRESET, seed: freshSeed() };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) merged[key] = value;
  for (const field of CONFIG_FIELDS) {
    const problem = checkField(field.key, merged[field.key]);
    if (problem) throw new ConfigError(field.key, problem);
  }
  return merged as unknown as TrainConfig;
}

/**
 * The value an option takes in a model file of `version` that does not hold
 * it: the reference preset's, for options newer than the file; undefined when
 * the file should have held it.
 */
export function legacyDefault(field: ConfigField, version: number): unknown {
  if (field.since === undefined || version >= field.since || field.key === 'seed') return undefined;
  return REFERENCE_PRESET[field.key as Exclude<ConfigKey, 'seed'>];
}

/** The options fixed by the weights: changing any of them needs a new model. */
export const FIXED_BY_WEIGHTS: readonly ConfigField[] = CONFIG_FIELDS.filter((f) => f.fixedByWeights);

/** The options fixed by the weights on which two configurations differ (none when either is missing). */
export function fixedByWeightsDifferences(a: TrainConfig | null, b: TrainConfig | null): ConfigField[] {
  if (!a || !b) return [];
  return FIXED_BY_WEIGHTS.filter((f) => a[f.key] !== b[f.key]);
}

/** The number of distinct input pairs (a, b) for a bit width: (2^(bits-1))². */
export function pairCount(bits: number): number {
  return 2 ** (2 * (bits - 1));
}
