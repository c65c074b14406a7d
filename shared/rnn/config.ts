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
  /** What a bound means, when it means more than its number ("off"). */
  minMeans?: string;
  maxMeans?: string;
  /** What the value is, when "a number" says too little ("a fraction"). */
  noun?: string;
  /** Human text of the valid range, built from the bounds (rangeText); used in every error message. */
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

/** A field as the table below writes it: everything but the range text, which comes from the bounds. */
type FieldSpec = Omit<NumberField, 'range'> | Omit<ChoiceField, 'range'> | Omit<BooleanField, 'range'>;

/** The range text of a field, from its bounds or choices: "an integer from 1 to 512", "sgd, momentum or adam", "on or off". */
export function rangeText(field: FieldSpec): string {
  switch (field.kind) {
    case 'number': {
      const bound = (value: number, means: string | undefined) => (means ? `${value} (${means})` : String(value));
      const low = bound(field.min, field.minMeans), high = bound(field.max, field.maxMeans);
      const noun = field.integer ? 'an integer' : (field.noun ?? 'a number');
      return field.minExclusive ? `${noun} above ${low} and at most ${high}` : `${noun} from ${low} to ${high}`;
    }
    case 'choice':
      return field.choices.length === 1 ? field.choices[0]! : `${field.choices.slice(0, -1).join(', ')} or ${field.choices[field.choices.length - 1]}`;
    case 'boolean':
      return 'on or off';
  }
}

/** Every option in display order. */
const FIELD_SPECS: readonly FieldSpec[] = [
  { key: 'bits', label: 'Bits', flag: 'bits', group: 'Task', fixedByWeights: true, kind: 'number', min: 2, max: 32, integer: true },
  { key: 'cell', label: 'Cell', flag: 'cell', group: 'Network', fixedByWeights: true, kind: 'choice', choices: ['rnn', 'lstm', 'gru'], since: 2 },
  { key: 'hiddenSize', label: 'Hidden size', flag: 'hidden', group: 'Network', fixedByWeights: true, kind: 'number', min: 1, max: 512, integer: true },
  { key: 'activation', label: 'Activation', flag: 'activation', group: 'Network', fixedByWeights: true, kind: 'choice', choices: ['sigmoid', 'tanh'] },
  { key: 'bias', label: 'Biases', flag: 'bias', group: 'Network', fixedByWeights: true, kind: 'boolean' },
  { key: 'init', label: 'Initialisation', flag: 'init', group: 'Network', fixedByWeights: true, kind: 'choice', choices: ['randn', 'xavier'] },
  { key: 'learningRate', label: 'Learning rate', flag: 'lr', group: 'Training', fixedByWeights: false, kind: 'number', min: 0, max: 100, minExclusive: true, integer: false },
  { key: 'iterations', label: 'Iterations', flag: 'iterations', group: 'Training', fixedByWeights: false, kind: 'number', min: 1, max: 1e9, integer: true },
  { key: 'untilAccuracy', label: 'Stop at accuracy', flag: 'until-accuracy', group: 'Training', fixedByWeights: false, since: 2, kind: 'number', min: 0, max: 1, integer: false, noun: 'a fraction', minMeans: 'off', maxMeans: 'every pair right' },
  { key: 'evalEvery', label: 'Evaluate every', flag: 'eval-every', group: 'Training', fixedByWeights: false, since: 2, kind: 'number', min: 1, max: 1e9, integer: true },
  { key: 'optimizer', label: 'Optimiser', flag: 'optimizer', group: 'Training', fixedByWeights: false, kind: 'choice', choices: ['sgd', 'momentum', 'adam'] },
  { key: 'batchSize', label: 'Batch size', flag: 'batch', group: 'Training', fixedByWeights: false, kind: 'number', min: 1, max: 1024, integer: true },
  { key: 'clip', label: 'Gradient clipping', flag: 'clip', group: 'Training', fixedByWeights: false, kind: 'number', min: 0, max: 1e6, integer: false, minMeans: 'off' },
  { key: 'rng', label: 'Random generator', flag: 'rng', group: 'Training', fixedByWeights: true, kind: 'choice', choices: ['numpy', 'xoshiro'] },
  { key: 'seed', label: 'Seed', flag: 'seed', group: 'Training', fixedByWeights: true, kind: 'number', min: 0, max: 4294967295, integer: true },
];

/** Every option in display order, each with its range text. */
export const CONFIG_FIELDS: readonly ConfigField[] = FIELD_SPECS.map((spec) => ({ ...spec, range: rangeText(spec) }) as ConfigField);

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

/** The one grammar of a number written as text: decimal, with an optional sign, fraction and exponent; no hex, no "Infinity", nothing around it. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A decimal number's value, or null for text that is not one ("0x10", "1e", "", " 5"). */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}

/** A value read from text, or what is wrong with the text. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Reads one option from text and checks it: the one reader of every option
 * written as text (the studio's form, the CLI's flags, a sweep's lists).
 * Numbers are decimal (parseDecimal), switches on or off, choices by name;
 * blanks around the text are ignored. The problem names the option and its range.
 */
export function parseField(key: ConfigKey, text: string): Parsed<TrainConfig[ConfigKey]> {
  const field = fieldOf(key);
  const trimmed = text.trim();
  const bad = (got: string): Parsed<never> => ({ ok: false, problem: `${field.label} must be ${field.range}; got ${got}` });
  if (trimmed === '') return bad('nothing');
  let value: number | string | boolean;
  switch (field.kind) {
    case 'number': {
      const n = parseDecimal(trimmed);
      if (n === null) return bad(describeValue(trimmed));
      value = n;
      break;
    }
    case 'boolean':
      if (trimmed !== 'on' && trimmed !== 'off') return bad(describeValue(trimmed));
      value = trimmed === 'on';
      break;
    case 'choice':
      value = trimmed;
  }
  const problem = checkField(key, value);
  return problem ? { ok: false, problem } : { ok: true, value: value as TrainConfig[ConfigKey] };
}

/** The options of a stored or received value that are still valid (checkField); the rest is left out. */
export function validOptions(value: unknown): Partial<TrainConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const options: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const v = (value as Record<string, unknown>)[field.key];
    if (v !== undefined && checkField(field.key, v) === null) options[field.key] = v;
  }
  return options as Partial<TrainConfig>;
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
