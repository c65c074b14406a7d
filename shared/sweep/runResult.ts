/**
 * One run of a sweep, followed through the trainer's messages: what the
 * sweep reports of it (the CLI's JSON line, a row of the studio's table) and
 * what a model file of it needs.
 */

import type { TrainConfig } from '../rnn/config';
import { evaluate } from '../rnn/evaluate';
import type { Weights } from '../rnn/weights';
import { LossHistoryBuilder } from '../model-file/history';
import type { LossHistory } from '../model-file/model';
import type { Accuracy, FromTrainer, ToTrainer } from '../trainer/contract';

export type { TrainerConnection } from '../api/StudioApi';

/** The mean loss reported covers this many last iterations (as the CLI's train does). */
export const MEAN_LOSS_WINDOW = 1000;

export interface SweepRun {
  config: TrainConfig;
  outcome: 'finished' | 'diverged';
  iterations: number;
  reachedAt: number | null;
  accuracy: number;
  bitAccuracy: number;
  /** Mean reported loss of the last (up to) 1000 iterations; null when none ran. */
  meanLoss: number | null;
  lastLoss: number | null;
  /** Training time the trainer measured, in seconds. */
  seconds: number;
  weights: Weights;
  history: LossHistory;
}

/** The run's line as the CLI writes it, fields in the documented order. */
export function sweepLine(run: SweepRun): Record<string, unknown> {
  return {
    config: run.config,
    iterations: run.iterations,
    reachedAt: run.reachedAt,
    accuracy: run.accuracy,
    bitAccuracy: run.bitAccuracy,
    meanLoss: run.meanLoss,
    seconds: Math.round(run.seconds * 1e6) / 1e6,
  };
}

/** Gathers one run's messages; `receive` returns the finished run once the trainer is done with it. */
export class RunFollower {
  private readonly recent = new Float64Array(MEAN_LOSS_WINDOW);
  private recentCount = 0;
  private readonly history = new LossHistoryBuilder();
  private weights: Weights | null = null;
  private iteration = 0;
  private accuracy: Accuracy | null = null;
  private lastLoss: number | null = null;
  private seconds = 0;

  constructor(readonly config: TrainConfig) {}

  /** The message that starts the run. */
  start(): ToTrainer {
    return { type: 'start', config: this.config };
  }

  /** Takes one message; the run when it has ended, else null. Throws on a trainer error other than divergence. */
  receive(message: FromTrainer): SweepRun | null {
    switch (message.type) {
      case 'progress': {
        const { losses } = message;
        this.history.add(losses);
        for (let i = 0; i < losses.length; i++) this.recent[(this.recentCount + i) % MEAN_LOSS_WINDOW] = losses[i]!;
        this.recentCount += losses.length;
        if (losses.length > 0) this.lastLoss = losses[losses.length - 1]!;
        this.seconds = message.elapsedSeconds;
        if (message.accuracy) this.accuracy = message.accuracy;
        return null;
      }
      case 'snapshot':
        this.weights = message.weights;
        this.iteration = message.iteration;
        return null;
      case 'finished':
        return this.result('finished', message.accuracy, message.reachedAt);
      case 'state':
        return message.state === 'diverged' ? this.result('diverged', null, null) : null;
      case 'error':
        if (message.code === 'diverged') return null;
        throw new Error(message.message);
    }
  }

  private result(outcome: SweepRun['outcome'], final: Accuracy | null, reachedAt: number | null): SweepRun {
    const weights = this.weights;
    if (!weights) throw new Error('the trainer sent no weights');
    let accuracy = final ?? (this.accuracy?.iteration === this.iteration ? this.accuracy : null);
    if (!accuracy) {
      const e = evaluate(weights, this.config);
      accuracy = { iteration: this.iteration, exact: e.exact, bit: e.bit, pairs: e.pairs };
    }
    const n = Math.min(this.recentCount, MEAN_LOSS_WINDOW);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.recent[i]!;
    return {
      config: this.config,
      outcome,
      iterations: this.iteration,
      reachedAt,
      accuracy: accuracy.exact,
      bitAccuracy: accuracy.bit,
      meanLoss: n > 0 ? sum / n : null,
      lastLoss: this.lastLoss,
      seconds: this.seconds,
      weights,
      history: this.history.toHistory(),
    };
  }
}
