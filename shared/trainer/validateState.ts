/** Checks a start message's `state` (a checkpoint sent back to a trainer) before the trainer continues from it. */

import type { TrainConfig } from '../rnn/config';
import { checkStartState } from '../rnn/trainingLoop';
import type { OptimizerState, PartialIteration, RandomState, TrainerState } from '../rnn/trainerState';
import type { Weights } from '../rnn/weights';
import { describeValue, isRecord } from '../describeValue';

type Raw = Record<string, unknown>;


/**
 * A fresh copy of the state with the already checked `weights`, or a problem
 * naming the field. The optimiser may be of another kind than the
 * configuration's (the TrainingLoop then starts that one fresh).
 */
export function checkStateValue(value: Raw, config: TrainConfig, weights: Weights): TrainerState | string {
  const path = 'start.state';
  const { iteration, zeroGradientStreak } = value;
  if (typeof iteration !== 'number') return `${path}.iteration must be a whole number of at least 0; got ${describeValue(iteration)}`;
  if (typeof zeroGradientStreak !== 'number') return `${path}.zeroGradientStreak must be a whole number of at least 0; got ${describeValue(zeroGradientStreak)}`;
  const optimizer = optimizerValue(value.optimizer, `${path}.optimizer`);
  if (typeof optimizer === 'string') return optimizer;
  const rng = rngValue(value.rng, `${path}.rng`);
  if (typeof rng === 'string') return rng;
  const state: TrainerState = { iteration, weights, optimizer, rng, zeroGradientStreak };
  if (value.partialIteration !== undefined) {
    const partial = partialValue(value.partialIteration, `${path}.partialIteration`);
    if (typeof partial === 'string') return partial;
    state.partialIteration = partial;
  }
  const problem = checkStartState(state, config);
  return problem ? `${path}: ${problem}` : state;
}

function floats(value: unknown, path: string): Float64Array | string {
  return value instanceof Float64Array ? new Float64Array(value) : `${path} must be a Float64Array; got ${describeValue(value)}`;
}

function optimizerValue(value: unknown, path: string): OptimizerState | string {
  if (!isRecord(value)) return `${path} must be an object with a kind; got ${describeValue(value)}`;
  switch (value.kind) {
    case 'sgd':
      return { kind: 'sgd' };
    case 'momentum': {
      const velocity = floats(value.velocity, `${path}.velocity`);
      return typeof velocity === 'string' ? velocity : { kind: 'momentum', velocity };
    }
    case 'adam': {
      const m = floats(value.m, `${path}.m`);
      if (typeof m === 'string') return m;
      const v = floats(value.v, `${path}.v`);
      if (typeof v === 'string') return v;
      if (typeof value.t !== 'number') return `${path}.t must be a whole number of at least 0; got ${describeValue(value.t)}`;
      return { kind: 'adam', m, v, t: value.t };
    }
    default:
      return `${path}.kind must be sgd, momentum or adam; got ${describeValue(value.kind)}`;
  }
}

function partialValue(value: unknown, path: string): PartialIteration | string {
  if (!isRecord(value)) return `${path} must be an object (the samples of an iteration under way); got ${describeValue(value)}`;
  const { batchSize, samples, loss } = value;
  if (typeof batchSize !== 'number') return `${path}.batchSize must be a whole number; got ${describeValue(batchSize)}`;
  if (typeof samples !== 'number') return `${path}.samples must be a whole number; got ${describeValue(samples)}`;
  if (typeof loss !== 'number') return `${path}.loss must be a finite number; got ${describeValue(loss)}`;
  const gradient = floats(value.gradient, `${path}.gradient`);
  return typeof gradient === 'string' ? gradient : { batchSize, samples, loss, gradient };
}

function rngValue(value: unknown, path: string): RandomState | string {
  if (!isRecord(value)) return `${path} must be an object with a kind; got ${describeValue(value)}`;
  const { hasGauss, gauss } = value;
  if (typeof hasGauss !== 'boolean') return `${path}.hasGauss must be true or false; got ${describeValue(hasGauss)}`;
  if (typeof gauss !== 'number') return `${path}.gauss must be a finite number; got ${describeValue(gauss)}`;
  switch (value.kind) {
    case 'numpy':
      if (!(value.key instanceof Uint32Array)) return `${path}.key must be a Uint32Array; got ${describeValue(value.key)}`;
      if (typeof value.pos !== 'number') return `${path}.pos must be a whole number; got ${describeValue(value.pos)}`;
      return { kind: 'numpy', key: new Uint32Array(value.key), pos: value.pos, hasGauss, gauss };
    case 'xoshiro': {
      const s = value.s;
      if (!Array.isArray(s) || s.length !== 4) return `${path}.s must be four whole numbers; got ${describeValue(s)}`;
      return { kind: 'xoshiro', s: [s[0], s[1], s[2], s[3]], hasGauss, gauss };
    }
    default:
      return `${path}.kind must be numpy or xoshiro; got ${describeValue(value.kind)}`;
  }
}
