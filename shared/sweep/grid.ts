/**
 * A sweep's grid: lists of values for some settings and a list of seeds,
 * expanded into one configuration per combination in a fixed order (the
 * settings in CONFIG_FIELDS order, the first one outermost, the seeds
 * innermost), so that run i is the same run whoever expands it. Values are
 * read from text by the one reader of every option (parseField), as the
 * CLI's flags and the studio's form read them.
 */

import { CONFIG_FIELDS, ConfigError, fieldOf, parseField, resolveConfig, type ConfigField, type ConfigKey, type TrainConfig } from '../rnn/config';

/** One setting's value: a number, a boolean (biases) or a choice's name. */
export type ConfigValue = number | boolean | string;

/** The values one setting takes across a sweep. */
export interface SweepAxis {
  key: ConfigKey;
  values: readonly ConfigValue[];
}

/** A bad list or range: the message names the setting and what is allowed. */
export class SweepError extends Error {
  override name = 'SweepError';
}

/** The most runs one sweep may hold. */
export const MAX_SWEEP_RUNS = 100_000;
const MAX_SEED = 4_294_967_295;

/** A comma-separated list of one setting's values, each checked against its range. */
export function parseValueList(key: ConfigKey, text: string): ConfigValue[] {
  const field = fieldOf(key);
  const items = text.split(',').map((item) => item.trim());
  const values: ConfigValue[] = [];
  for (const item of items) {
    if (item === '') throw new SweepError(`${field.label}: the list ${JSON.stringify(text)} has an empty entry; write values separated by commas, e.g. ${example(field)}`);
    const read = parseField(key, item);
    if (!read.ok) throw new SweepError(read.problem);
    if (values.includes(read.value)) throw new SweepError(`${field.label}: ${item} is listed twice; list each value once`);
    values.push(read.value);
  }
  return values;
}

/** Seeds as a range "1-20", a list "3,5,9", or both ("1-5,9"), each from 0 to 4294967295 and given once. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  const seen = new Set<number>();
  const add = (seed: number): void => {
    if (seen.has(seed)) throw new SweepError(`seed ${seed} is given twice in ${JSON.stringify(text)}; give each seed once`);
    seen.add(seed);
    seeds.push(seed);
  };
  for (const item of text.split(',').map((s) => s.trim())) {
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(item);
    if (!match) throw new SweepError(`seeds must be whole numbers or ranges like 1-20, separated by commas; got ${JSON.stringify(item === '' ? text : item)}`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (first > MAX_SEED || last > MAX_SEED) throw new SweepError(`seeds go from 0 to ${MAX_SEED}; got ${item}`);
    if (last < first) throw new SweepError(`the seed range ${item} runs backwards; write it low to high, e.g. ${last}-${first}`);
    if (last - first + 1 + seeds.length > MAX_SWEEP_RUNS) throw new SweepError(`${text} holds more than ${MAX_SWEEP_RUNS} seeds`);
    for (let seed = first; seed <= last; seed++) add(seed);
  }
  return seeds;
}

/** The number of runs a grid makes: the product of the list lengths times the seeds. */
export function runCount(axes: readonly SweepAxis[], seeds: number): number {
  return axes.reduce((n, axis) => n * axis.values.length, seeds);
}

/**
 * Every combination of the axes' values with every seed, on top of `base`
 * (other settings), in the fixed order; each configuration is validated.
 */
export function expandGrid(base: Partial<Record<ConfigKey, ConfigValue>>, axes: readonly SweepAxis[], seeds: readonly number[]): TrainConfig[] {
  if (seeds.length === 0) throw new SweepError('a sweep needs at least one seed');
  const twice = axes.find((axis, i) => axes.findIndex((other) => other.key === axis.key) !== i);
  if (twice) throw new SweepError(`${fieldOf(twice.key).label} is swept twice; give one list of its values`);
  const ordered = CONFIG_FIELDS.flatMap((f) => axes.filter((a) => a.key === f.key));
  for (const axis of ordered) {
    if (axis.key === 'seed') throw new SweepError('seeds are swept through the list of seeds, not as a setting');
    if (axis.values.length === 0) throw new SweepError(`${fieldOf(axis.key).label}: the list of values is empty`);
  }
  const total = runCount(ordered, seeds.length);
  if (total > MAX_SWEEP_RUNS) throw new SweepError(`the sweep makes ${total} runs; at most ${MAX_SWEEP_RUNS} are allowed`);
  const configs: TrainConfig[] = [];
  const chosen: Partial<Record<ConfigKey, ConfigValue>> = {};
  const expand = (depth: number): void => {
    if (depth === ordered.length) {
      for (const seed of seeds) configs.push(resolved({ ...base, ...chosen, seed }));
      return;
    }
    const axis = ordered[depth]!;
    for (const value of axis.values) {
      chosen[axis.key] = value;
      expand(depth + 1);
    }
  };
  expand(0);
  return configs;
}

function resolved(input: Record<string, unknown>): TrainConfig {
  try {
    return resolveConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) throw new SweepError(error.message);
    throw error;
  }
}

function example(field: ConfigField): string {
  switch (field.kind) {
    case 'number': return field.integer ? `${field.min === 0 ? 1 : field.min},${(field.min === 0 ? 1 : field.min) * 2}` : '0.1,0.5';
    case 'boolean': return 'on,off';
    case 'choice': return field.choices.slice(0, 2).join(',');
  }
}

/** The settings whose values differ between the configurations, in CONFIG_FIELDS order (the seed included). */
export function differingKeys(configs: readonly TrainConfig[]): ConfigKey[] {
  const first = configs[0];
  if (!first) return [];
  return CONFIG_FIELDS.filter((f) => configs.some((c) => c[f.key] !== first[f.key])).map((f) => f.key);
}
