/**
 * Turns a trainer's messages into one record of the run: its configuration,
 * weights (initial and latest), curves (loss, accuracy, gradient norms,
 * learning-rate changes), state, timings and outcome. The studio's stores and
 * the CLI keep their runs through it, and a model file is a record written out.
 */

import { LossHistoryBuilder } from '../model-file/history';
import { MAX_HISTORY_POINTS, type LossHistory, type Model } from '../model-file/model';
import { cloneWeights, weightLayout, type Weights } from '../rnn/weights';
import { SnapshotSeries, snapshotLimit } from '../rnn/inspect/snapshotSeries';
import { parameterCount } from '../rnn/parameters';
import type { TrainConfig } from '../rnn/config';
import { cloneContinuationState, type TrainerState } from '../rnn/trainerState';
import type { Accuracy, FromTrainer, RunState } from '../trainer/contract';
import { TrainingHistory } from './curves/trainingHistory';
import type { RunSection } from '../model-file/runSection';
import { RecentLossMean } from './recentLossMean';

/** What a run starts from: a configuration, and for a continued model its weights and past. */
export interface RunStart {
  config: TrainConfig;
  /** The weights to continue from; a fresh run's initial weights arrive with the trainer's first snapshot. */
  weights?: Weights;
  /** The full state the run continues from exactly (its weights and iteration count as `weights` and `iterationsDone`). */
  state?: TrainerState;
  /** Iterations already done on `weights`. */
  iterationsDone?: number;
  /** The loss curve of those iterations (decimated, as a model file holds it). */
  history?: LossHistory;
  /** Training time of those iterations. */
  elapsedSeconds?: number;
  /** The latest evaluation of `weights`, if known. */
  accuracy?: Accuracy | null;
  lastLoss?: number | null;
  /** The iteration the run ends at, when it is not the iterations done plus config.iterations (a restored run keeps its own). */
  target?: number;
  /** What a saved run drew before (its accuracy and gradient-norm curves, its snapshots). */
  run?: Pick<RunSection, 'accuracy' | 'gradNorms' | 'snapshots'>;
}

/** Everything known about one run (from a reset, or from opening a model, to its end). */
export interface RunRecord {
  /**
   * The model the run trains: a new number for fresh weights or an opened
   * file, the same as the run before for a run that continues its weights.
   */
  modelId: number;
  /** The configuration trained with (its learning rate follows live changes); null before any run. */
  config: TrainConfig | null;
  state: RunState;
  /** Iterations done on the weights in total. */
  iteration: number;
  /** Iterations the weights had when the run began. */
  startIteration: number;
  /** The iteration the run ends at. */
  target: number;
  /** The latest weights, or null before the first snapshot. */
  weights: Weights | null;
  /** The weights of the snapshot before the latest (at a pace slow enough to follow, the weights before the latest iteration). */
  previousWeights: Weights | null;
  /** The pair the latest iteration trained on, when the trainer reported it (a slow pace), with that iteration. */
  lastSample: { iteration: number; a: number; b: number } | null;
  /** The weights at iteration 0, when this run began from them. */
  initialWeights: Weights | null;
  /** Snapshots of the weights spread evenly over the model's training, the first and the latest always among them (bounded). */
  snapshots: SnapshotSeries<Weights>;
  /** The reported loss of the last iteration, or null before any. */
  lastLoss: number | null;
  /** The mean reported loss of this run's last MEAN_LOSS_WINDOW iterations (the CLI's meanLoss); null before any. */
  meanLoss: number | null;
  /** The latest evaluation, or null. */
  accuracy: Accuracy | null;
  /** The first multiple of evalEvery at which the stop rule's target was reached; null if never, without a target, or not finished. */
  reachedAt: number | null;
  /** Training time over the weights' whole life. */
  elapsedSeconds: number;
  /** Training time before this run (elapsedSeconds − startSeconds is this run's). */
  startSeconds: number;
  itersPerSecond: number;
  /** How the run failed, when it diverged. */
  divergence: { iteration: number; message: string } | null;
  /** Wall-clock time the run began (ms since 1970). */
  startedAt: number;
}

export interface RunRecorderOptions {
  /** Loss points the curves keep at most (see TrainingHistory). */
  maxLossPoints?: number;
  /** Wall clock for startedAt. */
  clock?: () => number;
  /**
   * The curves kept: 'chart' (the default), every curve the live charts draw
   * and the model file's loss history; 'file', the model file's loss history
   * and the sparse curves (accuracy, gradient norms) but not the
   * per-iteration loss series only a live chart needs (a sweep's runs);
   * 'none', no curves, the record following the run's figures only and its
   * model without a loss history (a sweep that reports only its lines).
   */
  curves?: 'chart' | 'file' | 'none';
}

export class RunRecorder {
  private current: RunRecord;
  private readonly options: RunRecorderOptions;
  /** Training time before this run. */
  private earlierSeconds = 0;
  private expectInitialSnapshot = false;
  private models = 0;
  /** The curves as the charts draw them; made when first asked for by a recorder that keeps none (a sweep's line-only runs never ask). */
  private history: TrainingHistory | null = null;
  /** The loss curve as a model file keeps it: exact means of equal strides, at most MAX_HISTORY_POINTS. */
  private fileHistory = new LossHistoryBuilder();
  /** The latest full state (from the start or a checkpoint message); it belongs to the record while their iterations agree. */
  private latestState: TrainerState | null = null;
  /** This run's last losses, for its mean. */
  private recentLosses = new RecentLossMean();

  private readonly keeps: NonNullable<RunRecorderOptions['curves']>;

  constructor(options: RunRecorderOptions = {}) {
    this.options = options;
    this.keeps = options.curves ?? 'chart';
    if (this.keeps !== 'none') this.history = new TrainingHistory(options.maxLossPoints);
    this.current = emptyRecord(null, 0);
  }

  /** The curves as the charts draw them (empty when the recorder keeps none). */
  get curves(): TrainingHistory {
    return (this.history ??= new TrainingHistory(this.options.maxLossPoints));
  }

  /** The record (owned here: read it, do not change it). */
  get record(): Readonly<RunRecord> {
    return this.current;
  }

  /** True once the weights have trained since they were made. */
  get trained(): boolean {
    return this.current.iteration > 0;
  }

  /** Starts a new record: fresh weights, or `start.weights` continued. */
  begin(start: RunStart): void {
    if (start.state) start = { ...start, weights: start.state.weights, iterationsDone: start.state.iteration };
    this.latestState = start.state ?? null;
    this.recentLosses = new RecentLossMean();
    const done = start.iterationsDone ?? 0;
    const continued = start.weights !== undefined;
    const previous = this.current;
    this.current = emptyRecord(start.config, this.options.clock?.() ?? Date.now());
    const r = this.current;
    const sameModel = continued && previous.weights !== null && previous.weights === start.weights;
    r.modelId = sameModel ? previous.modelId : ++this.models;
    r.iteration = r.startIteration = done;
    r.target = Math.max(done, start.target ?? done + start.config.iterations);
    r.weights = start.weights ?? null;
    r.lastLoss = start.lastLoss ?? null;
    r.accuracy = start.accuracy ?? null;
    this.earlierSeconds = start.elapsedSeconds ?? 0;
    r.elapsedSeconds = r.startSeconds = this.earlierSeconds;
    this.expectInitialSnapshot = !continued;
    // Kept curves start afresh with fresh weights or a loaded history; a recorder that keeps none has none to start.
    if (this.keeps !== 'none' && (!continued || start.history)) {
      this.history = new TrainingHistory(this.options.maxLossPoints);
      if (start.history && this.keeps === 'chart') this.curves.load(start.history, done);
      if (start.run) this.curves.loadSparse(start.run);
      this.fileHistory = new LossHistoryBuilder(MAX_HISTORY_POINTS, start.history ? { history: start.history, iterations: done } : undefined);
    }
    // Going on from the same weights keeps what is known of their start, and their snapshots.
    if (sameModel) {
      r.initialWeights = previous.initialWeights;
      r.snapshots = previous.snapshots;
    } else if (start.weights) {
      for (const s of start.run?.snapshots ?? []) if (s.iteration < done) r.snapshots.add(s.iteration, s.weights);
      r.snapshots.add(done, start.weights);
    }
    // Spread over the run to its target; the trainer is asked for a snapshot at every multiple of the spacing.
    r.snapshots.planFor(r.target, done);
  }

  /** Takes one message from the trainer; returns what changed. */
  receive(message: FromTrainer): 'progress' | 'weights' | 'state' | 'finished' | 'error' | 'checkpoint' {
    const r = this.current;
    switch (message.type) {
      case 'progress':
        if (this.keeps === 'chart') this.curves.append(message);
        else if (this.keeps === 'file') this.curves.appendSparse(message);
        if (this.keeps !== 'none') this.fileHistory.add(message.losses);
        r.iteration = message.iteration;
        r.itersPerSecond = message.itersPerSecond;
        r.elapsedSeconds = this.earlierSeconds + message.elapsedSeconds;
        if (r.config && r.config.learningRate !== message.learningRate) r.config = { ...r.config, learningRate: message.learningRate };
        this.recentLosses.add(message.losses);
        r.meanLoss = this.recentLosses.mean();
        const last = message.losses.length > 0 ? message.losses[message.losses.length - 1]! : Number.NaN;
        if (Number.isFinite(last)) r.lastLoss = last;
        if (message.accuracy) r.accuracy = message.accuracy;
        r.state = message.state;
        if (message.snapshots && r.config) this.addPlanned(r, message.snapshots, r.config);
        if (message.sample) r.lastSample = { iteration: message.iteration, ...message.sample };
        return 'progress';
      case 'snapshot':
        if (message.iteration >= (r.snapshots.latest?.iteration ?? 0)) r.snapshots.add(message.iteration, message.weights);
        r.previousWeights = r.weights;
        r.weights = message.weights;
        r.iteration = message.iteration;
        if (this.expectInitialSnapshot && message.iteration === r.startIteration) r.initialWeights = message.weights;
        this.expectInitialSnapshot = false;
        return 'weights';
      case 'state':
        r.state = message.state;
        r.iteration = message.iteration;
        return 'state';
      case 'finished':
        r.accuracy = message.accuracy;
        r.reachedAt = message.reachedAt;
        r.iteration = message.iteration;
        r.state = 'finished';
        return 'finished';
      case 'checkpoint':
        // Its weights are those of the snapshots at the same iteration; only the continuation state is new.
        this.latestState = message.state;
        return 'checkpoint';
      case 'error':
        if (message.code === 'diverged') r.divergence = { iteration: message.iteration ?? r.iteration, message: message.message };
        if (message.code === 'crashed' && (r.state === 'running' || r.state === 'paused')) r.state = 'stopped';
        return 'error';
    }
  }

  /** The planned snapshots of a progress message into the series, each copied out of the block (a view would keep the whole block alive for one kept snapshot). */
  private addPlanned(r: RunRecord, planned: { iterations: number[]; params: Float64Array }, config: TrainConfig): void {
    const layout = weightLayout(config);
    const P = parameterCount(config);
    planned.iterations.forEach((iteration, k) => {
      if (iteration < (r.snapshots.latest?.iteration ?? 0)) return;
      const weights: Weights = {};
      let at = k * P;
      for (const { name, shape } of layout) {
        const size = shape[0] * shape[1];
        weights[name] = { shape: [shape[0], shape[1]], data: planned.params.slice(at, at + size) };
        at += size;
      }
      r.snapshots.add(iteration, weights);
    });
  }

  /** The learning rate changed at `iteration` (the studio changes it live). */
  setLearningRate(iteration: number, learningRate: number): void {
    const config = this.current.config;
    if (!config || config.learningRate === learningRate) return;
    this.current.config = { ...config, learningRate };
    if (this.keeps !== 'none') this.curves.markLearningRate(iteration, learningRate);
  }

  /** The loss curve as a model file keeps it (a fresh copy). */
  lossHistory(): LossHistory {
    return this.fileHistory.toHistory();
  }

  /** The full state at the record's iteration, when the latest checkpoint (or the start) is at that iteration. */
  continuation(): TrainerState | null {
    const s = this.latestState;
    return s && s.iteration === this.current.iteration && this.current.state !== 'diverged' ? s : null;
  }

  /**
   * The record written out as a model (weights and history copied); null
   * before the first weights. With `withRun`, the model's run section holds
   * the target, the accuracy and gradient-norm curves and the snapshots too
   * (the studio's saves and checkpoints, which reopen as the run was).
   */
  toModel(options: { withRun?: boolean } = {}): Model | null {
    const model = recordToModel(this.current, this.lossHistory());
    if (model && options.withRun && this.keeps !== 'none') {
      const r = this.current;
      model.run = { target: Math.max(r.target, r.iteration), ...this.curves.sparseCurves(), snapshots: r.snapshots.snapshots.filter((s) => s.iteration <= r.iteration).map((s) => ({ iteration: s.iteration, weights: cloneWeights(s.value) })) };
    }
    const state = this.continuation();
    if (!model || !state) return model;
    // The state's weights are those of the record's iteration (a snapshot may lag behind progress).
    return { ...model, weights: cloneWeights(state.weights), state: cloneContinuationState(state) };
  }
}

/** A model from a run record and its loss curve; null when the record has no weights yet. */
export function recordToModel(r: Readonly<RunRecord>, lossHistory: LossHistory): Model | null {
  if (!r.weights || !r.config) return null;
  return {
    config: { ...r.config },
    weights: cloneWeights(r.weights),
    training: {
      iterations: r.iteration,
      lastLoss: r.lastLoss,
      accuracy: r.accuracy?.exact ?? null,
      bitAccuracy: r.accuracy?.bit ?? null,
      seed: r.config.seed,
      elapsedSeconds: r.elapsedSeconds,
    },
    lossHistory,
  };
}

function emptyRecord(config: TrainConfig | null, startedAt: number): RunRecord {
  return {
    modelId: 0,
    config,
    state: 'idle',
    iteration: 0,
    startIteration: 0,
    target: 0,
    weights: null,
    previousWeights: null,
    lastSample: null,
    initialWeights: null,
    snapshots: new SnapshotSeries<Weights>(config ? snapshotLimit(parameterCount(config)) : undefined),
    lastLoss: null,
    meanLoss: null,
    accuracy: null,
    reachedAt: null,
    elapsedSeconds: 0,
    startSeconds: 0,
    itersPerSecond: 0,
    divergence: null,
    startedAt,
  };
}
