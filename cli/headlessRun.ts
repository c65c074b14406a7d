/** Runs the trainer service in this process through an in-memory Port and gathers what a model file needs. */

import type { TrainConfig } from '../shared/rnn/config';
import type { Weights } from '../shared/rnn/weights';
import { LossHistoryBuilder } from '../shared/model-file/history';
import type { LossHistory } from '../shared/model-file/model';
import type { Accuracy, FromTrainer, Port, ToTrainer } from '../shared/trainer/contract';
import { TrainerService } from '../shared/trainer/TrainerService';
import { immediateScheduler } from '../shared/trainer/scheduler';

/** The mean loss printed at the end covers this many last iterations. */
const MEAN_WINDOW = 1000;

export interface HeadlessStart {
  config: TrainConfig;
  weights?: Weights;
  iterationsDone?: number;
  history?: { history: LossHistory; iterations: number };
}

export interface HeadlessProgress {
  iteration: number;
  target: number;
  loss: number | null;
  itersPerSecond: number;
}

export interface HeadlessResult {
  outcome: 'finished' | 'stopped' | 'diverged';
  /** Iterations done on `weights` in total. */
  iteration: number;
  weights: Weights;
  accuracy: Accuracy | null;
  /** The first multiple of evalEvery at which the stop rule's target was reached; null if never or without a target. */
  reachedAt: number | null;
  lastLoss: number | null;
  /** Mean of the last (up to) 1000 losses of this run. */
  meanLoss: number | null;
  iterationsThisRun: number;
  elapsedSeconds: number;
  history: LossHistory;
  divergence: { iteration: number; message: string } | null;
}

export class HeadlessRun {
  private readonly service: TrainerService;
  private deliver: ((message: unknown) => void) | null = null;
  private readonly recent = new Float64Array(MEAN_WINDOW);
  private recentCount = 0;
  private readonly history: LossHistoryBuilder;
  private readonly target: number;
  private weights: Weights | null = null;
  private iteration: number;
  private accuracy: Accuracy | null = null;
  private reachedAt: number | null = null;
  private lastLoss: number | null = null;
  private elapsedSeconds = 0;
  private iterationsThisRun = 0;
  private divergence: HeadlessResult['divergence'] = null;
  private settle: ((outcome: HeadlessResult['outcome']) => void) | null = null;
  private fail: ((error: Error) => void) | null = null;

  constructor(
    private readonly start: HeadlessStart,
    private readonly onProgress: (progress: HeadlessProgress) => void = () => {},
  ) {
    const port: Port = {
      post: (message) => this.receive(message),
      onMessage: (handler) => void (this.deliver = handler),
    };
    // Only the final accuracy and weights are reported: the accuracy curve's evaluations and the periodic snapshots would be time lost.
    this.service = new TrainerService(port, { scheduler: immediateScheduler(), periodicEvaluation: false, snapshotIntervalMs: Infinity });
    this.history = new LossHistoryBuilder(undefined, start.history);
    this.iteration = start.iterationsDone ?? 0;
    this.target = this.iteration + start.config.iterations;
  }

  /** Trains to the end, a stop or divergence. */
  async run(): Promise<HeadlessResult> {
    const outcome = await new Promise<HeadlessResult['outcome']>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
      const message: ToTrainer = { type: 'start', config: this.start.config };
      if (this.start.weights) message.weights = this.start.weights;
      if (this.start.iterationsDone !== undefined) message.iterationsDone = this.start.iterationsDone;
      this.send(message);
    });
    this.service.dispose();
    if (!this.weights) throw new Error('the trainer sent no weights');
    const n = Math.min(this.recentCount, MEAN_WINDOW);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.recent[i]!;
    return {
      outcome,
      iteration: this.iteration,
      weights: this.weights,
      accuracy: this.accuracy,
      reachedAt: this.reachedAt,
      lastLoss: this.lastLoss,
      meanLoss: n > 0 ? sum / n : null,
      iterationsThisRun: this.iterationsThisRun,
      elapsedSeconds: this.elapsedSeconds,
      history: this.history.toHistory(),
      divergence: this.divergence,
    };
  }

  /** Asks the trainer to stop; run() then resolves with what was trained. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  private send(message: ToTrainer): void {
    this.deliver?.(message);
  }

  private receive(message: FromTrainer): void {
    switch (message.type) {
      case 'progress': {
        const { losses } = message;
        this.history.add(losses);
        for (let i = 0; i < losses.length; i++) this.recent[(this.recentCount + i) % MEAN_WINDOW] = losses[i]!;
        this.recentCount += losses.length;
        if (losses.length > 0) this.lastLoss = losses[losses.length - 1]!;
        this.iterationsThisRun += losses.length;
        this.elapsedSeconds = message.elapsedSeconds;
        if (message.accuracy) this.accuracy = message.accuracy;
        this.onProgress({ iteration: message.iteration, target: this.target, loss: this.lastLoss, itersPerSecond: message.itersPerSecond });
        return;
      }
      case 'snapshot':
        this.weights = message.weights;
        this.iteration = message.iteration;
        return;
      case 'finished':
        this.accuracy = message.accuracy;
        this.reachedAt = message.reachedAt;
        return this.settle?.('finished');
      case 'state':
        if (message.state === 'stopped' || message.state === 'diverged') this.settle?.(message.state);
        return;
      case 'error':
        if (message.code === 'diverged') {
          this.divergence = { iteration: message.iteration ?? this.iteration, message: message.message };
          return;
        }
        return this.fail?.(new Error(message.message));
    }
  }
}
