/**
 * Everything a run needs to continue exactly as if it had never stopped: the
 * weights, the iteration, the optimiser's memory and the generator's position.
 * A model file carries it (its `state` section), the trainer service hands it
 * out as a checkpoint and takes it back in a start message.
 */

import { numberFieldOf, type TrainConfig } from './config';
import { parameterCount } from './parameters';
import { cloneWeights, type Weights } from './weights';

/** MT19937's 624 words in [0, 2^32). */
export const MT_WORDS = 624;

/**
 * A generator's position. For 'numpy' the fields are NumPy's own
 * (`np.random.get_state()` is ('MT19937', key, pos, has_gauss, cached_gaussian)),
 * so a Python run can pick up where the studio stopped.
 */
export type RandomState =
  | { kind: 'numpy'; key: Uint32Array; pos: number; hasGauss: boolean; gauss: number }
  | { kind: 'xoshiro'; s: [number, number, number, number]; hasGauss: boolean; gauss: number };

/** An optimiser's memory, over the parameters in one flat array (weight order U, V, W, b_h, b_o). */
export type OptimizerState =
  | { kind: 'sgd' }
  | { kind: 'momentum'; velocity: Float64Array }
  | { kind: 'adam'; m: Float64Array; v: Float64Array; t: number };

/**
 * An iteration under way: the samples of its batch run so far. A batch of a
 * heavy configuration takes a minute, so checkpoints and stop requests come
 * between samples, and continuing from here must give the iteration's exact
 * sums: the loss and the gradient are the running sums themselves, in the
 * order the samples added them.
 */
export interface PartialIteration {
  /** The batch size the iteration began with; it ends after that many samples, whatever the batch size is by then. */
  batchSize: number;
  /** Samples run so far, from 1 to batchSize − 1. */
  samples: number;
  /** The sum of their reported losses. */
  loss: number;
  /** The sum of their gradients, over all parameters in the optimiser state's order. */
  gradient: Float64Array;
}

/** What continuing needs beyond the weights and the iteration count (a model file's `state` section). */
export interface ContinuationState {
  optimizer: OptimizerState;
  rng: RandomState;
  /** Iterations in a row so far with an exactly zero gradient and wrong answers (the dead-network watch). */
  zeroGradientStreak: number;
  /** The iteration after the completed ones, when some of its samples have run. */
  partialIteration?: PartialIteration;
}

export interface TrainerState extends ContinuationState {
  /** Iterations done on `weights`. */
  iteration: number;
  weights: Weights;
}

const UINT32_MAX = 4294967295;
const MAX_BATCH_SIZE = numberFieldOf('batchSize').max;

function isUint32(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= UINT32_MAX;
}

function checkFinite(values: Float64Array, what: string, length: number): string | null {
  if (values.length !== length) return `${what} has ${values.length} numbers; this model has ${length} parameters`;
  const bad = values.findIndex((x) => !Number.isFinite(x));
  return bad >= 0 ? `${what}[${bad}] must be finite; got ${values[bad]}` : null;
}

/** A generator state's problem (wrong words, position out of range, a bad cached normal), or null. */
export function checkRandomState(rng: RandomState, kind: TrainConfig['rng']): string | null {
  if (rng.kind !== kind) return `the generator state is for '${rng.kind}' but the configuration uses '${kind}'`;
  if (typeof rng.hasGauss !== 'boolean') return 'the generator\'s hasGauss must be true or false';
  if (!Number.isFinite(rng.gauss)) return `the generator's cached normal must be finite; got ${rng.gauss}`;
  if (!rng.hasGauss && rng.gauss !== 0) return `the generator's cached normal must be 0 when hasGauss is false; got ${rng.gauss}`;
  if (rng.kind === 'numpy') {
    if (rng.key.length !== MT_WORDS) return `the MT19937 key has ${rng.key.length} words; it needs ${MT_WORDS}`;
    if (!Number.isInteger(rng.pos) || rng.pos < 0 || rng.pos > MT_WORDS) return `the MT19937 position must be a whole number from 0 to ${MT_WORDS}; got ${rng.pos}`;
    if (rng.key.every((w) => w === 0)) return 'the MT19937 key is all zero, a state the generator never reaches';
    return null;
  }
  if (rng.s.length !== 4 || !rng.s.every(isUint32)) return 'the xoshiro128** state must be four whole numbers from 0 to 4294967295';
  if (rng.s.every((w) => w === 0)) return 'the xoshiro128** state is all zero, a state the generator never reaches';
  return null;
}

/** An optimiser state's problem for a configuration's parameter count, or null. (A different kind is allowed: see TrainingLoop.) */
export function checkOptimizerState(optimizer: OptimizerState, config: Pick<TrainConfig, 'hiddenSize' | 'bias'>): string | null {
  const n = parameterCount(config);
  switch (optimizer.kind) {
    case 'sgd':
      return null;
    case 'momentum':
      return checkFinite(optimizer.velocity, 'the momentum velocity', n);
    case 'adam': {
      if (!Number.isInteger(optimizer.t) || optimizer.t < 0 || optimizer.t > Number.MAX_SAFE_INTEGER) return `Adam's step count must be a whole number of at least 0; got ${optimizer.t}`;
      const m = checkFinite(optimizer.m, "Adam's first moment m", n);
      if (m) return m;
      const v = checkFinite(optimizer.v, "Adam's second moment v", n);
      if (v) return v;
      const negative = optimizer.v.findIndex((x) => x < 0);
      return negative >= 0 ? `Adam's second moment v[${negative}] must be at least 0; got ${optimizer.v[negative]}` : null;
    }
  }
}

/** A partial iteration's problem for a configuration's parameter count, or null. */
export function checkPartialIteration(partial: PartialIteration, config: Pick<TrainConfig, 'hiddenSize' | 'bias'>): string | null {
  const { batchSize, samples, loss } = partial;
  if (!Number.isInteger(batchSize) || batchSize < 2 || batchSize > MAX_BATCH_SIZE) {
    return `the partial iteration's batch size must be a whole number from 2 to ${MAX_BATCH_SIZE}; got ${batchSize}`;
  }
  if (!Number.isInteger(samples) || samples < 1 || samples >= batchSize) {
    return `the partial iteration's samples must be a whole number from 1 to ${batchSize - 1} (its batch size less one); got ${samples}`;
  }
  if (!Number.isFinite(loss) || loss < 0) return `the partial iteration's loss must be a finite number of at least 0; got ${loss}`;
  return checkFinite(partial.gradient, "the partial iteration's gradient", parameterCount(config));
}

/** A deep copy of a trainer state. */
export function cloneTrainerState(state: TrainerState): TrainerState {
  return { iteration: state.iteration, weights: cloneWeights(state.weights), ...cloneContinuationState(state) };
}

/** A deep copy of the optimiser and generator state. */
export function cloneContinuationState(state: ContinuationState): ContinuationState {
  return {
    optimizer: cloneOptimizerState(state.optimizer),
    rng: state.rng.kind === 'numpy' ? { ...state.rng, key: new Uint32Array(state.rng.key) } : { ...state.rng, s: [...state.rng.s] },
    zeroGradientStreak: state.zeroGradientStreak,
    ...(state.partialIteration ? { partialIteration: { ...state.partialIteration, gradient: new Float64Array(state.partialIteration.gradient) } } : {}),
  };
}

function cloneOptimizerState(o: OptimizerState): OptimizerState {
  switch (o.kind) {
    case 'sgd':
      return { kind: 'sgd' };
    case 'momentum':
      return { kind: 'momentum', velocity: new Float64Array(o.velocity) };
    case 'adam':
      return { kind: 'adam', m: new Float64Array(o.m), v: new Float64Array(o.v), t: o.t };
  }
}
