/**
 * The training loop: draw pairs, forward, BPTT, average over the batch, clip,
 * update; watch for divergence. Allocates nothing per iteration. An iteration
 * can also be run a few samples at a time (trainSamples), so that a batch
 * taking a minute still lets its host answer and checkpoint within a second.
 */

import { CONFIG_FIELDS, ConfigError, checkField } from './config';
import type { TrainConfig } from './config';
import { createKernel, type Kernel } from './kernel/kernel';
import { initWeights, loadParams, paramsToWeights } from './parameters';
import type { FlatParams } from './parameters';
import { createOptimizer } from './optimizers';
import type { Optimizer } from './optimizers';
import { createRandom, randomFromState, splitmix32 } from './random';
import type { Random } from './random';
import { operandLimit } from './task';
import { requireValidWeights, type WeightName, type Weights } from './weights';
import { checkOptimizerState, checkPartialIteration, checkRandomState, type TrainerState } from './trainerState';

/** Where a TrainingLoop starts: a saved state, or weights with their iteration count, or (neither) fresh weights. */
export interface TrainerStart {
  state?: TrainerState;
  weights?: Weights;
  iterationsDone?: number;
}

/** Iterations in a row with an exactly zero gradient and wrong answers after which the network counts as dead. */
export const DEAD_ITERATIONS = 50;
/** The smallest reported loss that counts as "answers are wrong" for a dead network (half a bit). */
export const DEAD_LOSS = 0.5;

export interface Divergence {
  /** The iteration (counted from 1, over the model's whole life) at which training failed. */
  iteration: number;
  /** What happened and what to do, for a person. */
  reason: string;
}

/** The most pair draws a continued run replays to resume the generator exactly (about 0.2 s). */
export const MAX_REPLAYED_DRAWS = 20_000_000;

/** A uint32 seed derived from a run's seed and its iterations done (splitmix32 of both). */
function continuationSeed(seed: number, done: number): number {
  const next = splitmix32((seed ^ Math.imul(done % 4294967296, 0x9e3779b9)) >>> 0);
  return (next() ^ Math.floor(done / 4294967296)) >>> 0;
}

/** A trainer state's problem for a configuration (beyond its weights, which checkWeights checks), or null. */
export function checkStartState(state: TrainerState, config: TrainConfig): string | null {
  if (!Number.isSafeInteger(state.iteration) || state.iteration < 0) return `the iteration must be a whole number of at least 0; got ${state.iteration}`;
  if (!Number.isSafeInteger(state.zeroGradientStreak) || state.zeroGradientStreak < 0) {
    return `the zero-gradient streak must be a whole number of at least 0; got ${state.zeroGradientStreak}`;
  }
  if (state.optimizer.kind === 'adam' && state.optimizer.t > state.iteration) {
    return `Adam's step count must be at most the ${state.iteration} iterations done (one step an iteration); got ${state.optimizer.t}`;
  }
  const partial = state.partialIteration ? checkPartialIteration(state.partialIteration, config) : null;
  return checkRandomState(state.rng, config.rng) ?? checkOptimizerState(state.optimizer, config) ?? partial;
}

/** Throws ConfigError for the first option outside its range. */
export function checkConfig(config: TrainConfig): void {
  for (const field of CONFIG_FIELDS) {
    const problem = checkField(field.key, config[field.key]);
    if (problem) throw new ConfigError(field.key, problem);
  }
}

export class TrainingLoop {
  private readonly cfg: TrainConfig;
  /**
   * The settings train() reads, held by the loop itself: a configuration
   * arrives as a message's copy, whose hidden class can differ from one run to
   * the next, and reading it in the loop would discard the loop's compiled code.
   */
  private readonly batchSize: number;
  private readonly clip: number;
  private readonly operandValues: number;
  private learningRate: number;
  private done: number;
  private failure: Divergence | null = null;
  private deadStreak = 0;
  private rng: Random;
  private readonly params: FlatParams;
  private readonly grads: FlatParams;
  /** The parameters before the latest update, to undo an update that overflowed. */
  private readonly previous: Float64Array;
  private readonly kernel: Kernel;
  private readonly optimizer: Optimizer;
  /**
   * The iteration under way, between trainSamples calls: samples run (0 when
   * none is), the batch size it began with and its summed loss; its summed
   * gradient is in the kernel's gradients.
   */
  private samplesDone = 0;
  private partialBatch = 0;
  private partialLoss = 0;
  /** The gradient norms of the latest completed iteration, kept while the next one's sums fill the gradients. */
  private completedNorms: Partial<Record<WeightName, number>> | null = null;

  /**
   * A model for `config`, from one of three starts:
   * - `state` (a checkpoint): the weights, iteration, optimiser memory and
   *   generator position exactly as saved, so training continues as if it had
   *   never stopped. An optimiser state of another kind than `config.optimizer`
   *   (the optimiser was changed) is left behind and the new one starts fresh.
   * - `weights` and `iterationsDone` without a state: the generator first
   *   draws the initial weights and then skips the pairs of `iterationsDone`
   *   iterations, so the pairs are those an uninterrupted run would draw, but
   *   the optimiser starts fresh. (Beyond MAX_REPLAYED_DRAWS skipping would take
   *   seconds; the generator is then seeded from the seed and iterationsDone.)
   * - nothing: fresh weights drawn from the seed.
   */
  constructor(config: TrainConfig, options: TrainerStart = {}) {
    checkConfig(config);
    this.cfg = { ...config };
    this.batchSize = config.batchSize;
    this.clip = config.clip;
    this.operandValues = operandLimit(config.bits);
    this.learningRate = config.learningRate;
    // The parameters and gradients live in the kernel's own buffers (WebAssembly memory when it runs there).
    this.kernel = createKernel(config, true);
    this.params = this.kernel.params;
    this.grads = this.kernel.grads!;
    this.previous = new Float64Array(this.params.flat.length);
    this.optimizer = createOptimizer(config.optimizer, this.kernel);
    const { state } = options;
    if (state) {
      if (options.weights || options.iterationsDone !== undefined) throw new RangeError('a trainer starts from a state or from weights, not both');
      const problem = checkStartState(state, config);
      if (problem) throw new RangeError(problem);
      const weights = requireValidWeights(state.weights, config);
      this.done = state.iteration;
      this.deadStreak = state.zeroGradientStreak;
      this.rng = randomFromState(config.rng, state.rng);
      loadParams(this.params, weights);
      if (state.optimizer.kind === config.optimizer) this.optimizer.restore(state.optimizer);
      const partial = state.partialIteration;
      if (partial) {
        this.completedNorms = this.gradNorms();
        this.kernel.beginIteration();
        this.grads.flat.set(partial.gradient);
        this.samplesDone = partial.samples;
        this.partialBatch = partial.batchSize;
        this.partialLoss = partial.loss;
      }
      return;
    }
    const done = options.iterationsDone ?? 0;
    if (!Number.isSafeInteger(done) || done < 0) {
      throw new RangeError(`iterations done must be a whole number of at least 0; got ${done}`);
    }
    const given = options.weights ? requireValidWeights(options.weights, config) : null;
    this.done = done;
    this.rng = createRandom(config.rng, config.seed);
    const fresh = initWeights(config, this.rng);
    loadParams(this.params, given ?? fresh);
    const draws = 2 * done * config.batchSize;
    if (draws <= MAX_REPLAYED_DRAWS) {
      const limit = operandLimit(config.bits);
      for (let i = 0; i < draws; i++) this.rng.randint(limit);
    } else {
      this.rng = createRandom(config.rng, continuationSeed(config.seed, done));
    }
  }

  /**
   * Everything needed to continue exactly from here (copies). After a
   * divergence the optimiser's memory includes the failed step, so a state
   * taken then does not belong to the kept weights.
   */
  state(): TrainerState {
    const state: TrainerState = {
      iteration: this.done,
      weights: this.weights(),
      optimizer: this.optimizer.state(),
      rng: this.rng.state(),
      zeroGradientStreak: this.deadStreak,
    };
    if (this.samplesDone > 0) {
      state.partialIteration = { batchSize: this.partialBatch, samples: this.samplesDone, loss: this.partialLoss, gradient: new Float64Array(this.grads.flat) };
    }
    return state;
  }

  /** The configuration in use (its learning rate follows setLearningRate). */
  get config(): TrainConfig {
    return this.cfg;
  }

  /** Iterations done in total, including those done before this trainer was created. */
  get iteration(): number {
    return this.done;
  }

  /** Samples of the iteration under way that have run (0 between iterations), and its batch size. */
  get partialIteration(): { samples: number; batchSize: number } {
    return { samples: this.samplesDone, batchSize: this.samplesDone > 0 ? this.partialBatch : this.batchSize };
  }

  /** Set once training has failed; train() then runs nothing more. */
  get divergence(): Divergence | null {
    return this.failure;
  }

  setLearningRate(lr: number): void {
    const problem = checkField('learningRate', lr);
    if (problem) throw new ConfigError('learningRate', problem);
    this.cfg.learningRate = lr;
    this.learningRate = lr;
  }

  /**
   * Runs up to n iterations, writing each one's reported loss (the L1 loss
   * summed over the steps, averaged over the batch) into losses[offset…].
   * An iteration under way (trainSamples) is finished first, as the first of
   * them. Returns how many ran: fewer than n only when training diverged.
   */
  train(n: number, losses: Float64Array, offset = 0): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`iterations to run must be a whole number of at least 0; got ${n}`);
    if (offset < 0 || offset + n > losses.length) {
      throw new RangeError(`losses has room for ${losses.length - offset} iterations from offset ${offset}; asked to run ${n}`);
    }
    if (this.failure) return 0;
    const { rng, kernel, optimizer, previous } = this;
    const params = this.params.flat;
    const grads = this.grads.flat;
    const { batchSize, clip, operandValues: limit } = this;
    for (let i = 0; i < n; i++) {
      let loss = 0, first = 0, batch = batchSize;
      if (this.samplesDone > 0) {
        loss = this.partialLoss;
        first = this.samplesDone;
        batch = this.partialBatch;
        this.samplesDone = 0;
        this.completedNorms = null;
      } else kernel.beginIteration();
      for (let s = first; s < batch; s++) {
        const a = rng.randint(limit);
        const b = rng.randint(limit);
        loss += kernel.sample(a, b);
      }
      if (batch > 1) {
        loss /= batch;
        for (let k = 0; k < grads.length; k++) grads[k]! /= batch;
      }
      const iteration = this.done + 1;
      if (!Number.isFinite(loss)) {
        this.fail(iteration, 'the loss became NaN or infinite');
        return i;
      }
      let scale = 1;
      if (clip > 0) {
        const norm = Math.sqrt(sumOfSquares(grads));
        if (norm > clip) scale = clip / norm;
      }
      previous.set(params);
      // A non-finite gradient makes the updated weights non-finite too, so one check after the step covers both.
      if (!optimizer.step(params, grads, this.learningRate, scale)) {
        params.set(previous);
        this.fail(iteration, 'the gradient or the updated weights became NaN or infinite');
        return i;
      }
      losses[offset + i] = loss;
      this.done = iteration;
      // A dead network: outputs saturated at exactly 0 or 1 give an exactly zero gradient however wrong
      // they are. Iterations that happen to be right (loss below half a bit) neither count nor reset.
      if (!isAllZero(grads)) this.deadStreak = 0;
      else if (loss >= DEAD_LOSS && ++this.deadStreak >= DEAD_ITERATIONS) {
        this.failure = {
          iteration,
          reason:
            `Training stalled at iteration ${iteration}: every output is saturated at exactly 0 or 1, so the gradient ` +
            `has been exactly zero for ${DEAD_ITERATIONS} iterations in a row while answers were wrong, and the weights ` +
            `can no longer change. Lower the learning rate and reset the model.`,
        };
        return i + 1;
      }
    }
    return n;
  }

  /**
   * Runs at most `samples` samples of the iteration under way (beginning one
   * when none is), the same arithmetic in the same order as train(): a
   * checkpoint taken between calls continues exactly. The sample that
   * completes the batch finishes the iteration as train(1) would, its loss
   * written to losses[offset]. Returns the iterations completed, 0 or 1.
   */
  trainSamples(samples: number, losses: Float64Array, offset = 0): number {
    if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples to run must be a whole number of at least 1; got ${samples}`);
    if (this.failure) return 0;
    const batch = this.samplesDone > 0 ? this.partialBatch : this.batchSize;
    if (this.samplesDone + samples >= batch) return this.train(1, losses, offset);
    const { rng, kernel, operandValues: limit } = this;
    if (this.samplesDone === 0) {
      this.completedNorms = this.gradNorms();
      kernel.beginIteration();
      this.partialBatch = batch;
      this.partialLoss = 0;
    }
    let loss = this.partialLoss;
    for (let s = 0; s < samples; s++) {
      const a = rng.randint(limit);
      const b = rng.randint(limit);
      loss += kernel.sample(a, b);
    }
    this.partialLoss = loss;
    this.samplesDone += samples;
    // NaN and infinity stay in a sum, so the iteration would fail at its end: it fails now, and no checkpoint holds them.
    if (!Number.isFinite(loss) || !isAllFinite(this.grads.flat)) {
      this.samplesDone = 0;
      this.completedNorms = null;
      this.fail(this.done + 1, Number.isFinite(loss) ? 'the gradient or the updated weights became NaN or infinite' : 'the loss became NaN or infinite');
    }
    return 0;
  }

  private fail(iteration: number, what: string): void {
    this.failure = {
      iteration,
      reason:
        `Training diverged at iteration ${iteration}: ${what}. The weights are kept as they were after ` +
        `iteration ${iteration - 1}, the last finite ones. Lower the learning rate and reset the model.`,
    };
  }

  /** The L2 norm of each weight's gradient at the latest completed iteration (after batch averaging, before clipping). */
  gradNorms(): Partial<Record<WeightName, number>> {
    if (this.samplesDone > 0 && this.completedNorms) return { ...this.completedNorms };
    const out: Partial<Record<WeightName, number>> = {};
    for (const name of this.grads.names) {
      const g = this.grads.views[name]!;
      out[name] = Math.sqrt(sumOfSquares(g));
    }
    return out;
  }

  /** A copy of the current weights. */
  weights(): Weights {
    return paramsToWeights(this.params, this.cfg);
  }

  /** Gives back the kernel's memory for the next model of this size; the loop must not be used after. */
  dispose(): void {
    this.kernel.dispose();
  }

  /** The current parameters themselves, not a copy: to read (the stop rule's checks), never to write; the next train call changes them. */
  parameterView(): Readonly<FlatParams> {
    return this.params;
  }
}

function sumOfSquares(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  return sum;
}

function isAllFinite(v: Float64Array): boolean {
  let check = 0; // x·0 is 0 for a finite x and NaN otherwise
  for (let i = 0; i < v.length; i++) check += v[i]! * 0;
  return check === 0;
}

function isAllZero(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
