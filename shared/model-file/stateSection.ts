/**
 * The model file's `state` section (version 2): the optimiser's memory and the
 * generator's position after the saved iterations, so `--from` and a restored
 * checkpoint continue exactly. Words of the generators are written as whole
 * numbers, floats in their shortest exact form.
 *
 *   "state": {
 *     "optimizer": { "kind": "adam", "t": 500, "m": [ … ], "v": [ … ] },
 *     "rng": { "kind": "numpy", "key": [ 624 words ], "pos": 12, "hasGauss": false, "gauss": 0 },
 *     "zeroGradientStreak": 0,
 *     "partialIteration": { "batchSize": 1024, "samples": 37, "loss": 301.5, "gradient": [ … ] }
 *   }
 *
 * `partialIteration` is there only when a checkpoint came between two samples
 * of one iteration's batch.
 */

import type { TrainConfig } from '../rnn/config';
import { parameterCount } from '../rnn/parameters';
import {
  MT_WORDS, checkOptimizerState, checkPartialIteration, checkRandomState, cloneTrainerState,
  type ContinuationState, type OptimizerState, type PartialIteration, type RandomState, type TrainerState,
} from '../rnn/trainerState';
import type { Model } from './model';
import { describeValue } from '../describeValue';
import { fail, integerAt, numberAt, numbersAt, objectAt, type JsonObject } from './fields';
import { numberList, numberText, scalar, type NumberListWriter } from './jsonText';

const UINT32_MAX = 4294967295;

/** The keys each kind of state holds, in the order they are written. */
const OPTIMIZER_KEYS = { sgd: ['kind'], momentum: ['kind', 'velocity'], adam: ['kind', 't', 'm', 'v'] } as const;
const RNG_KEYS = { numpy: ['kind', 'key', 'pos', 'hasGauss', 'gauss'], xoshiro: ['kind', 's', 'hasGauss', 'gauss'] } as const;
const STATE_KEYS = ['optimizer', 'rng', 'zeroGradientStreak', 'partialIteration'] as const;
const PARTIAL_KEYS = ['batchSize', 'samples', 'loss', 'gradient'] as const;

/** The `state` section as text (two-space indented, without a trailing comma); `list` writes its number lists. */
export function stateSectionText(state: ContinuationState, config: TrainConfig, list: NumberListWriter = numberList): string {
  const o = state.optimizer;
  const optimizer =
    o.kind === 'sgd' ? '{ "kind": "sgd" }'
    : o.kind === 'momentum' ? `{ "kind": "momentum", "velocity": ${list(o.velocity, 'state.optimizer.velocity')} }`
    : `{ "kind": "adam", "t": ${scalar(o.t, 'state.optimizer.t')}, "m": ${list(o.m, 'state.optimizer.m')}, "v": ${list(o.v, 'state.optimizer.v')} }`;
  const r = state.rng;
  const gauss = `"hasGauss": ${r.hasGauss}, "gauss": ${numberText(r.gauss, 'state.rng.gauss')}`;
  const rng =
    r.kind === 'numpy'
      ? `{ "kind": "numpy", "key": [${Array.from(r.key).join(', ')}], "pos": ${r.pos}, ${gauss} }`
      : `{ "kind": "xoshiro", "s": [${r.s.map((w) => w >>> 0).join(', ')}], ${gauss} }`;
  if (r.kind !== config.rng) throw new RangeError(`state.rng is for ${r.kind} but config.rng is ${config.rng}`);
  const p = state.partialIteration;
  const partial = p
    ? [
        `,\n    "partialIteration": { "batchSize": ${scalar(p.batchSize, 'state.partialIteration.batchSize')}, "samples": ${scalar(p.samples, 'state.partialIteration.samples')}, ` +
          `"loss": ${scalar(p.loss, 'state.partialIteration.loss')}, "gradient": ${list(p.gradient, 'state.partialIteration.gradient')} }`,
      ]
    : [];
  return [
    '  "state": {',
    `    "optimizer": ${optimizer},`,
    `    "rng": ${rng},`,
    `    "zeroGradientStreak": ${scalar(state.zeroGradientStreak, 'state.zeroGradientStreak')}${partial.join('')}`,
    '  }',
  ].join('\n');
}

/**
 * Reads and validates the `state` section against the configuration and the
 * iterations done (`training.iterations`); throws ModelFileError naming the field.
 */
export function parseStateSection(value: unknown, config: TrainConfig, iterations: number): ContinuationState {
  const raw = objectAt(value, 'state');
  onlyKeys(raw, 'state', STATE_KEYS, 'the state');
  const optimizer = parseOptimizer(raw.optimizer, config, iterations);
  const rng = parseRng(raw.rng, config);
  const zeroGradientStreak = integerAt(raw.zeroGradientStreak, 'state.zeroGradientStreak', 0, Number.MAX_SAFE_INTEGER);
  const state: ContinuationState = { optimizer, rng, zeroGradientStreak };
  if (raw.partialIteration !== undefined) state.partialIteration = parsePartialIteration(raw.partialIteration, config);
  return state;
}

function parsePartialIteration(value: unknown, config: TrainConfig): PartialIteration {
  const path = 'state.partialIteration';
  const raw = objectAt(value, path);
  onlyKeys(raw, path, PARTIAL_KEYS, 'a partial iteration');
  const batchSize = integerAt(raw.batchSize, `${path}.batchSize`, 2, Number.MAX_SAFE_INTEGER);
  const samples = integerAt(raw.samples, `${path}.samples`, 1, Number.MAX_SAFE_INTEGER);
  const loss = numberAt(raw.loss, `${path}.loss`, 'a number of at least 0', 0);
  const n = parameterCount(config);
  const partial: PartialIteration = { batchSize, samples, loss, gradient: numbersAt(raw.gradient, `${path}.gradient`, n, n) };
  const problem = checkPartialIteration(partial, config);
  if (problem) fail(`${path}: ${problem}`);
  return partial;
}

function parseOptimizer(value: unknown, config: TrainConfig, iterations: number): OptimizerState {
  const raw = objectAt(value, 'state.optimizer');
  if (raw.kind !== config.optimizer) {
    fail(`state.optimizer.kind is ${describeValue(raw.kind)} but config.optimizer is "${config.optimizer}"; they must be equal`);
  }
  const kind = config.optimizer;
  onlyKeys(raw, 'state.optimizer', OPTIMIZER_KEYS[kind], `the ${kind} state`);
  const n = parameterCount(config);
  let state: OptimizerState;
  switch (kind) {
    case 'sgd':
      state = { kind };
      break;
    case 'momentum':
      state = { kind, velocity: numbersAt(raw.velocity, 'state.optimizer.velocity', n, n) };
      break;
    case 'adam': {
      const t = integerAt(raw.t, 'state.optimizer.t', 0, Number.MAX_SAFE_INTEGER);
      // Adam steps once an iteration, so continuing counts its steps as exactly as the iterations themselves.
      if (t > iterations) fail(`state.optimizer.t is ${t}, more Adam steps than the ${iterations} iterations done (training.iterations)`);
      state = { kind, t, m: numbersAt(raw.m, 'state.optimizer.m', n, n), v: numbersAt(raw.v, 'state.optimizer.v', n, n) };
      break;
    }
  }
  const problem = checkOptimizerState(state, config);
  if (problem) fail(`state.optimizer: ${problem}`);
  return state;
}

function parseRng(value: unknown, config: TrainConfig): RandomState {
  const raw = objectAt(value, 'state.rng');
  if (raw.kind !== config.rng) fail(`state.rng.kind is ${describeValue(raw.kind)} but config.rng is "${config.rng}"; they must be equal`);
  const kind = config.rng;
  onlyKeys(raw, 'state.rng', RNG_KEYS[kind], `the ${kind} generator state`);
  if (typeof raw.hasGauss !== 'boolean') fail(`state.rng.hasGauss must be true or false; got ${raw.hasGauss === undefined ? 'nothing' : describeValue(raw.hasGauss)}`);
  const hasGauss = raw.hasGauss;
  const gauss = numberAt(raw.gauss, 'state.rng.gauss');
  const state: RandomState =
    kind === 'numpy'
      ? { kind, key: Uint32Array.from(wordsAt(raw.key, 'state.rng.key', MT_WORDS)), pos: integerAt(raw.pos, 'state.rng.pos', 0, MT_WORDS), hasGauss, gauss }
      : { kind, s: wordsAt(raw.s, 'state.rng.s', 4) as [number, number, number, number], hasGauss, gauss };
  const problem = checkRandomState(state, kind);
  if (problem) fail(`state.rng: ${problem}`);
  return state;
}

/** Exactly `length` whole numbers from 0 to 2^32 − 1. */
function wordsAt(value: unknown, path: string, length: number): number[] {
  const numbers = numbersAt(value, path, length, length);
  const words = Array.from(numbers);
  const bad = words.findIndex((w) => !Number.isInteger(w) || w < 0 || w > UINT32_MAX);
  if (bad >= 0) fail(`${path}[${bad}] must be a whole number from 0 to ${UINT32_MAX}; got ${words[bad]}`);
  return words;
}

function onlyKeys(raw: JsonObject, path: string, keys: readonly string[], what: string): void {
  for (const key of Object.keys(raw)) {
    if (!keys.includes(key)) fail(`${path}.${key} is not part of ${what}; it holds ${keys.join(', ')}`);
  }
}

/** The state a model continues from exactly (copies), or null when it holds none (version 1, or not recorded). */
export function trainerStateOf(model: Model): TrainerState | null {
  if (!model.state) return null;
  return cloneTrainerState({ ...model.state, iteration: model.training.iterations, weights: model.weights });
}
