/**
 * The one message contract between the studio and a trainer (Web Worker or
 * Electron utility process). Messages are plain structured-cloneable objects.
 */

import type { TrainConfig } from '../rnn/config';
import type { WeightName, Weights } from '../rnn/weights';
import type { TrainerState } from '../rnn/trainerState';
import type { SnapshotPlanStart } from '../rnn/inspect/snapshotSeries';

export type RunState = 'idle' | 'running' | 'paused' | 'finished' | 'stopped' | 'diverged';

/** Studio → trainer. */
export type ToTrainer =
  | {
      type: 'start';
      /** A complete, validated configuration (seed included). */
      config: TrainConfig;
      /** Continue from these weights instead of a fresh initialisation. */
      weights?: Weights;
      /** Iterations already done on `weights` (continuing a loaded model). */
      iterationsDone?: number;
      /**
       * Continue exactly from a checkpoint (weights, iteration, optimiser and
       * generator state); instead of `weights` and `iterationsDone`, which
       * continue from the weights alone with a fresh optimiser.
       */
      state?: TrainerState;
      /** Create the model but do not run yet (for stepping). */
      paused?: boolean;
      /**
       * Echoed in every state message of this run, so the studio can tell the
       * new run's first state from a replaced run's last (both can read "paused at 0").
       */
      runId?: number;
      /**
       * Evaluate periodically for the accuracy curve (default true, when the
       * service does). A sweep's runs turn it off: each evaluation of 8 bits
       * costs as much as a thousand iterations, and the stop rule's checks
       * still measure the accuracy when they score every pair.
       */
      accuracyCurve?: boolean;
      /**
       * Start once the current run has ended (finished, diverged or stopped)
       * instead of replacing it; at once when none is under way. Queued starts
       * run in the order sent; a start without `queued` replaces the run and
       * drops the queue. A sweep keeps each trainer's next run queued, so the
       * trainer starts it without waiting for a round trip.
       */
      queued?: boolean;
      /**
       * Snapshots by iteration: the studio's series of snapshots plans where
       * they fall over the run (shared/rnn/inspect/snapshotSeries.ts), and the
       * trainer follows the same plan, copying the weights at every due
       * iteration and sending them with the next progress message. Without
       * it, snapshots follow time alone.
       */
      snapshots?: SnapshotPlanStart;
      /** Train at most this many iterations per second (null or absent: as fast as possible); see setPace. */
      pace?: number | null;
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step'; n: number }
  | { type: 'stop' }
  | { type: 'setLearningRate'; learningRate: number }
  /**
   * Trains at most `pace` iterations per second from now on, for this run and
   * the next (null: as fast as possible). Only the pace changes: the run's
   * numbers are the same bits at every pace.
   */
  | { type: 'setPace'; pace: number | null }
  | { type: 'snapshot' }
  /** Asks for the full state, answered by a checkpoint message after a progress message covering every iteration. */
  | { type: 'checkpoint' };

export interface Accuracy {
  /** Iteration at which it was measured. */
  iteration: number;
  /** Fraction of pairs whose every bit is right. */
  exact: number;
  /** Fraction of output bits that are right. */
  bit: number;
  /** Pairs evaluated (all pairs up to 65 536, else a fixed seeded sample). */
  pairs: number;
}

/** TrainingLoop → studio. */
export type FromTrainer =
  | {
      type: 'progress';
      state: RunState;
      /** Iteration number of losses[0] (0-based count of iterations done before it). */
      firstIteration: number;
      /** Per-iteration reported (L1) loss since the last progress message. */
      losses: Float64Array;
      /** Iterations done in total. */
      iteration: number;
      itersPerSecond: number;
      /** Seconds spent training in this run so far. */
      elapsedSeconds: number;
      /** The latest evaluation, when one ran since the last message. */
      accuracy?: Accuracy;
      /**
       * Evaluations since the last message before `accuracy`, oldest first: a
       * short run can draw its accuracy curve faster than progress is posted.
       */
      earlierAccuracy?: Accuracy[];
      /** Gradient L2 norm of each weight at the latest iteration. */
      gradNorms: Partial<Record<WeightName, number>>;
      learningRate: number;
      /**
       * At a pace slow enough to follow every iteration: the pair the latest
       * iteration trained on (the first of its batch).
       */
      sample?: { a: number; b: number };
      /**
       * The snapshots the start's plan made due since the last message:
       * snapshot k is at iterations[k], its parameters params[k·P … (k+1)·P)
       * in the flat order of the weight names (P parameters).
       */
      snapshots?: { iterations: number[]; params: Float64Array };
    }
  | { type: 'snapshot'; iteration: number; weights: Weights }
  | {
      /** The answer to a checkpoint request; also sent unasked just before 'finished', so a finished run's record holds its state. */
      type: 'checkpoint';
      /** Everything a start message needs to continue exactly from here. */
      state: TrainerState;
      /** The configuration in use (its learning rate as last set). */
      config: TrainConfig;
    }
  | { type: 'state'; state: RunState; iteration: number; /** The start's runId, when it gave one. */ runId?: number }
  | {
      type: 'finished';
      iteration: number;
      accuracy: Accuracy;
      /** The first multiple of evalEvery at which the stop rule's target was reached; null if never or without a target. */
      reachedAt: number | null;
    }
  | {
      type: 'error';
      /** What went wrong, for a person, with what to do next. */
      message: string;
      code: 'bad-message' | 'bad-config' | 'diverged' | 'not-started' | 'crashed' | 'internal';
      /** For 'diverged': the iteration of the last finite weights. */
      iteration?: number;
    };

/** The trainer's side of a message channel; one small interface for every host. */
export interface Port {
  post(message: FromTrainer, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: unknown) => void): void;
}
