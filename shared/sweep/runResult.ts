/**
 * One run of a sweep, followed through the trainer's messages: what the
 * sweep reports of it (the CLI's JSON line, a row of the studio's table) and
 * what a model file of it needs.
 */

import type { TrainConfig } from '../rnn/config';
import { evaluate } from '../rnn/evaluate';
import type { Model } from '../model-file/model';
import { RecentLossMean } from '../run/recentLossMean';
import { RunRecorder } from '../run/runRecorder';
import type { FromTrainer, ToTrainer } from '../trainer/contract';

export type { TrainerConnection } from '../api/studioApi';

export interface SweepRun {
  config: TrainConfig;
  outcome: 'finished' | 'diverged';
  iterations: number;
  reachedAt: number | null;
  accuracy: number;
  bitAccuracy: number;
  /** Mean reported loss of the last (up to) 1000 iterations; null when none ran. */
  meanLoss: number | null;
  /** Training time the trainer measured, in seconds. */
  seconds: number;
  /** The recorder that followed the run: its record and curves. */
  recorder: RunRecorder;
  /** The run as a model file holds it (with its loss history when the pool kept curves). */
  model: Model;
  /** Exact accuracy of the final weights on longer sums, when the sweep was asked to test them. */
  accuracyAtBits?: { bits: number; accuracy: number };
}

/** Where a run's line sits in its sweep: the grid's hash, the run's number in the grid (from 1) and the grid's runs. */
export interface GridPlace {
  hash: string;
  run: number;
  runs: number;
}

/** The run's line as the CLI writes it, fields in the documented order (accuracyAtBits last, only when tested). */
export function sweepLine(run: SweepRun, grid?: GridPlace): Record<string, unknown> {
  return {
    config: run.config,
    iterations: run.iterations,
    reachedAt: run.reachedAt,
    accuracy: run.accuracy,
    bitAccuracy: run.bitAccuracy,
    meanLoss: run.meanLoss,
    seconds: Math.round(run.seconds * 1e6) / 1e6,
    ...(grid ? { grid } : {}),
    ...(run.accuracyAtBits ? { accuracyAtBits: run.accuracyAtBits } : {}),
  };
}

/** Follows one run through the shared recorder; `receive` returns the finished run once the trainer is done with it. */
export class RunFollower {
  private readonly recentLosses = new RecentLossMean();
  readonly recorder: RunRecorder;

  /** `curves`: keep what a kept run or a model file needs of its curves (RunRecorderOptions.curves 'file'), else none. */
  constructor(
    readonly config: TrainConfig,
    curves = true,
  ) {
    this.recorder = new RunRecorder({ curves: curves ? 'file' : 'none' });
    this.recorder.begin({ config });
  }

  /**
   * The message that starts the run: without the accuracy curve's evaluations, which would cost a sweep most of its time;
   * `queued`, to wait behind the trainer's current run.
   */
  start(queued = false): ToTrainer {
    return { type: 'start', config: this.config, accuracyCurve: false, ...(queued ? { queued } : {}) };
  }

  /** Takes one message; the run when it has ended, else null. Throws on a trainer error other than divergence. */
  receive(message: FromTrainer): SweepRun | null {
    this.recorder.receive(message);
    switch (message.type) {
      case 'progress': {
        this.recentLosses.add(message.losses);
        return null;
      }
      case 'finished':
        return this.result('finished');
      case 'state':
        return message.state === 'diverged' ? this.result('diverged') : null;
      case 'error':
        if (message.code === 'diverged') return null;
        throw new Error(message.message);
      case 'snapshot':
      case 'checkpoint':
        return null;
    }
  }

  private result(outcome: SweepRun['outcome']): SweepRun {
    const r = this.recorder.record;
    if (!r.weights) throw new Error('the trainer sent no weights');
    // A diverged run keeps its last finite weights, which no evaluation has measured yet.
    const accuracy = r.accuracy?.iteration === r.iteration ? r.accuracy : { iteration: r.iteration, ...evaluate(r.weights, this.config) };
    const model = this.recorder.toModel()!;
    model.training.accuracy = accuracy.exact;
    model.training.bitAccuracy = accuracy.bit;
    return {
      config: this.config,
      outcome,
      iterations: r.iteration,
      reachedAt: r.reachedAt,
      accuracy: accuracy.exact,
      bitAccuracy: accuracy.bit,
      meanLoss: this.recentLosses.mean(),
      seconds: r.elapsedSeconds,
      recorder: this.recorder,
      model,
    };
  }
}
