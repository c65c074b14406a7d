/** Runs the trainer service in this process through an in-memory Port and records the run with the shared recorder. */

import type { Weights } from '../shared/rnn/weights';
import type { Model } from '../shared/model-file/model';
import { RecentLossMean } from '../shared/run/recentLossMean';
import { RunRecorder, type RunStart } from '../shared/run/runRecorder';
import type { Accuracy, FromTrainer, Port, ToTrainer } from '../shared/trainer/contract';
import { TrainerService } from '../shared/trainer/trainerService';
import { immediateScheduler } from '../shared/trainer/scheduler';

export type HeadlessStart = RunStart;

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
  /** Training time of this run alone. */
  runSeconds: number;
  divergence: { iteration: number; message: string } | null;
  /** The run as a model file holds it (weights, history, accuracy as measured). */
  model: Model;
}

export class HeadlessRun {
  private readonly service: TrainerService;
  private deliver: ((message: unknown) => void) | null = null;
  private readonly recentLosses = new RecentLossMean();
  // The model file's loss history, not the per-iteration series only a live chart draws.
  readonly recorder = new RunRecorder({ curves: 'file' });
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
    this.recorder.begin(start);
  }

  /** Trains to the end, a stop or divergence. */
  async run(): Promise<HeadlessResult> {
    const outcome = await new Promise<HeadlessResult['outcome']>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
      const message: ToTrainer = { type: 'start', config: this.start.config };
      if (this.start.state) message.state = this.start.state;
      else if (this.start.weights) message.weights = this.start.weights;
      if (this.start.iterationsDone !== undefined && !this.start.state) message.iterationsDone = this.start.iterationsDone;
      this.send(message);
    });
    // The final state goes into the model, so `--from` continues exactly (not after divergence: the optimiser took the failed step).
    const model = outcome === 'diverged' ? this.recorder.toModel() : this.checkpoint();
    this.service.dispose();
    const r = this.recorder.record;
    if (!r.weights || !model) throw new Error('the trainer sent no weights');
    return {
      outcome,
      iteration: r.iteration,
      weights: r.weights,
      accuracy: r.accuracy,
      reachedAt: r.reachedAt,
      lastLoss: r.lastLoss,
      meanLoss: this.recentLosses.mean(),
      iterationsThisRun: r.iteration - r.startIteration,
      runSeconds: r.elapsedSeconds - (this.start.elapsedSeconds ?? 0),
      divergence: r.divergence,
      model,
    };
  }

  /** The run now as a model file holds it, with the full state (the service answers within this call); null before any weights. */
  checkpoint(): Model | null {
    this.send({ type: 'checkpoint' });
    return this.recorder.toModel();
  }

  /** Asks the trainer to stop; run() then resolves with what was trained. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  private send(message: ToTrainer): void {
    this.deliver?.(message);
  }

  private receive(message: FromTrainer): void {
    this.recorder.receive(message);
    switch (message.type) {
      case 'progress': {
        this.recentLosses.add(message.losses);
        const r = this.recorder.record;
        this.onProgress({ iteration: r.iteration, target: r.target, loss: r.lastLoss, itersPerSecond: message.itersPerSecond });
        return;
      }
      case 'finished':
        return this.settle?.('finished');
      case 'state':
        if (message.state === 'stopped' || message.state === 'diverged') this.settle?.(message.state);
        return;
      case 'error':
        if (message.code !== 'diverged') this.fail?.(new Error(message.message));
        return;
      case 'snapshot':
      case 'checkpoint':
        return;
    }
  }
}
