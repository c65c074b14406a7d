/** A trained model as the studio holds it in memory and as a model file stores it. */

import type { TrainConfig } from '../rnn/config';
import type { Weights } from '../rnn/weights';
import type { ContinuationState } from '../rnn/trainerState';
import type { RunSection } from './runSection';

export const MODEL_FORMAT = 'rnn-studio-model';
/**
 * The version written. Version 2 added options to the configuration (each
 * marked with `since` in CONFIG_FIELDS); version 1 files still open.
 */
export const MODEL_VERSION = 2;
/** The model file's extension (JSON inside). */
export const MODEL_EXTENSION = 'rnnmodel';
/** Files larger than this are refused before parsing. */
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;
/**
 * The most iterations a model may have done: 2^31 below 2^53, so that a run
 * continued from any valid file (at most 10^9 more iterations) still counts
 * every iteration exactly in a float64.
 */
export const MAX_TRAINING_ITERATIONS = 2 ** 53 - 2 ** 31;
/** The loss history is decimated to at most this many points when saved. */
export const MAX_HISTORY_POINTS = 10_000;

export interface TrainingState {
  /** Iterations done on these weights. */
  iterations: number;
  /** The reported loss of the last iteration, or null before any. */
  lastLoss: number | null;
  /** Exact-match accuracy at the last evaluation, or null. */
  accuracy: number | null;
  /** Bit accuracy at the last evaluation, or null. */
  bitAccuracy: number | null;
  /** The seed the weights were initialised (and samples drawn) with. */
  seed: number;
  /** Training time in seconds, summed over runs. */
  elapsedSeconds: number;
}

/** The loss curve: value i is the mean reported loss of iterations [i·stride, (i+1)·stride). */
export interface LossHistory {
  stride: number;
  values: Float64Array;
}

export interface Model {
  config: TrainConfig;
  weights: Weights;
  training: TrainingState;
  lossHistory: LossHistory;
  /**
   * The optimiser's and generator's state after `training.iterations`, so
   * training continues exactly; absent in version 1 files and for models
   * whose run did not record it, which continue from the weights alone.
   */
  state?: ContinuationState;
  /** Where the run was heading and what it drew on the way (its curves and snapshots); absent in files without it. */
  run?: RunSection;
}
