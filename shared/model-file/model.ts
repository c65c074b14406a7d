/** A trained model as the studio holds it in memory and as a model file stores it. */

import { fieldOf, numberFieldOf, type Cell, type TrainConfig } from '../rnn/config';
import { parameterCount } from '../rnn/parameters';
import type { Weights } from '../rnn/weights';
import { MT_WORDS, type ContinuationState } from '../rnn/trainerState';
import type { RunSection } from './runSection';

export const MODEL_FORMAT = 'rnn-studio-model';
/**
 * The version written. Version 2 added options to the configuration (each
 * marked with `since` in CONFIG_FIELDS); version 1 files still open.
 */
export const MODEL_VERSION = 2;
/** The model file's extension (JSON inside). */
export const MODEL_EXTENSION = 'rnnmodel';
/** The loss history is decimated to at most this many points when saved. */
export const MAX_HISTORY_POINTS = 10_000;

/** The most parameters a valid configuration has: the largest hidden size of the cell with the most weights, biases on. */
export function largestParameterCount(): number {
  const hiddenSize = numberFieldOf('hiddenSize').max;
  const cells = fieldOf('cell');
  const choices = (cells.kind === 'choice' ? cells.choices : ['rnn']) as readonly Cell[];
  return Math.max(...choices.map((cell) => parameterCount({ hiddenSize, bias: true, cell })));
}

/**
 * The most bytes a number takes in a model file: the longest shortest form
 * of a float64 ("-2.2250738585072014e-308", 24 characters) and the ", " after it.
 */
const MAX_NUMBER_BYTES = 26;
/** Copies of the parameters a file can hold: the weights, Adam's m and v, and a partial iteration's gradient sum. */
const MAX_PARAMETER_COPIES = 4;
/** Room for what is not a list of numbers (keys, weight names and shapes, the configuration, the training fields). */
const MAX_OTHER_BYTES = 64 * 1024;

/**
 * Files larger than this are refused before parsing. It is what the largest
 * valid configuration can write, whatever its numbers, so every file a writer
 * makes for valid settings opens again (the largest LSTM with Adam in the
 * middle of a batch writes about 85 MB; the limit is 105 MB).
 */
export const MAX_MODEL_FILE_BYTES = wholeMegabytes(MAX_NUMBER_BYTES * (MAX_PARAMETER_COPIES * largestParameterCount() + MAX_HISTORY_POINTS + MT_WORDS) + MAX_OTHER_BYTES);

/**
 * The numbers an optional part of a file (the studio's run section) may add
 * for a configuration without the file passing MAX_MODEL_FILE_BYTES: what
 * the largest configuration's parameter copies leave free at this one's size.
 */
export function spareNumbers(config: Parameters<typeof parameterCount>[0]): number {
  const numbers = Math.floor((MAX_MODEL_FILE_BYTES - MAX_OTHER_BYTES) / MAX_NUMBER_BYTES);
  return Math.max(0, numbers - (MAX_PARAMETER_COPIES * parameterCount(config) + MAX_HISTORY_POINTS + MT_WORDS));
}

/** Bytes rounded up to whole MB (2^20 bytes), so that messages can name the limit in MB. */
function wholeMegabytes(bytes: number): number {
  return Math.ceil(bytes / 2 ** 20) * 2 ** 20;
}
/**
 * The most iterations a model may have done: 2^31 below 2^53, so that a run
 * continued from any valid file (at most 10^9 more iterations) still counts
 * every iteration exactly in a float64.
 */
export const MAX_TRAINING_ITERATIONS = 2 ** 53 - 2 ** 31;
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
