/** One run inside the trainer service: the TrainingLoop, where it is heading, and what has not been reported yet. */

import type { TrainingLoop } from '../rnn/index';
import { AccuracyTarget } from '../rnn/accuracyTarget';
import { randomFromState } from '../rnn/random';
import { operandLimit } from '../rnn/task';
import { SnapshotPlan, type SnapshotPlanStart } from '../rnn/inspect/snapshotSeries';
import type { Accuracy, FromTrainer, RunState } from './contract';
import { EvaluationBudget } from './evaluationBudget';

export type Outgoing = { message: FromTrainer; transfer: ArrayBuffer[] };

export class TrainingRun {
  /** The iteration at which the run is finished. */
  readonly target: number;
  state: RunState;
  /** While stepping: the iteration the step ends at. */
  stepTarget: number | null = null;
  /** Iteration of the first loss not yet reported. */
  firstIteration: number;
  /** Losses in the service's buffer not yet reported. */
  pending = 0;
  elapsedMs = 0;
  lastProgressAt: number;
  lastSnapshotAt: number;
  /** The start's runId, echoed in every state message. */
  runId: number | undefined = undefined;
  /** The latest evaluation since the last progress message. */
  accuracy: Accuracy | null = null;
  /** Evaluations since the last progress message before `accuracy`, oldest first. */
  private earlierAccuracy: Accuracy[] = [];
  readonly budget: EvaluationBudget;
  /** The stop rule's check, when the configuration sets a target accuracy. */
  readonly stopRule: AccuracyTarget | null;
  /** Periodic evaluations for the accuracy curve are wanted for this run. */
  accuracyCurve = true;
  /** The first multiple of evalEvery at which the target was reached; null until then. */
  reachedAt: number | null = null;
  /** Where snapshots fall by iteration; null when they follow time alone. */
  private plan: SnapshotPlan | null = null;
  /** The iteration of the latest planned snapshot taken. */
  private lastKept = -1;
  /** The planned snapshots not yet reported: their iterations, and their parameters one after another. */
  private planned: { iterations: number[]; params: Float64Array; count: number } = { iterations: [], params: new Float64Array(0), count: 0 };
  /** The pair of the latest iteration, when iterations are slow enough to follow one by one (see nextSample); reported once. */
  sample: { a: number; b: number } | null = null;
  /** While paced: when the last slice ended, so the time waited between iterations counts as the run's. */
  pacedSince: number | null = null;
  private windowIterations = 0;
  private windowMs = 0;
  private itersPerSecond = 0;

  constructor(
    readonly trainer: TrainingLoop,
    paused: boolean,
    now: number,
    evaluationShare: number,
    evaluationIntervalMs: number,
  ) {
    this.target = trainer.iteration + trainer.config.iterations;
    this.state = paused ? 'paused' : 'running';
    this.firstIteration = trainer.iteration;
    this.lastProgressAt = now;
    this.lastSnapshotAt = now;
    this.budget = new EvaluationBudget(trainer.config, evaluationShare, evaluationIntervalMs);
    const { untilAccuracy } = trainer.config;
    this.stopRule = untilAccuracy > 0 ? new AccuracyTarget(trainer.config, untilAccuracy) : null;
  }

  /** Gives back the networks' memory (the loop's and the stop rule's) for the next run; the run must not be used after. */
  dispose(): void {
    this.trainer.dispose();
    this.stopRule?.dispose();
  }

  /** Iterations from the current one to the stop rule's next check (a multiple of evalEvery); Infinity without a rule. */
  get untilCheck(): number {
    if (!this.stopRule) return Infinity;
    const every = this.trainer.config.evalEvery;
    return every - (this.trainer.iteration % every);
  }

  /** The stop rule checks at this iteration (ended a chunk exactly at a multiple of evalEvery). */
  get checkDue(): boolean {
    return this.stopRule !== null && this.trainer.iteration > 0 && this.trainer.iteration % this.trainer.config.evalEvery === 0;
  }

  /** Follows the studio's plan for its snapshots over this run. */
  planSnapshots(start: SnapshotPlanStart): void {
    this.plan = new SnapshotPlan(start, this.target);
  }

  /** Iterations from the current one to the next planned snapshot; Infinity without a plan. */
  get untilSnapshot(): number {
    return this.plan ? this.plan.untilNext(this.trainer.iteration) : Infinity;
  }

  /** A planned snapshot falls on the current iteration and has not been taken (a chunk of a batch's samples can end on the same iteration again). */
  get snapshotDue(): boolean {
    const at = this.trainer.iteration;
    return this.plan !== null && at !== this.lastKept && this.plan.due(at);
  }

  /** Planned snapshots wait for the next progress message. */
  get snapshotsPending(): boolean {
    return this.planned.count > 0;
  }

  /** Copies the current parameters as the planned snapshot of this iteration (no allocation once the buffer has grown). */
  keepSnapshot(): void {
    const source = this.trainer.parameterView().flat;
    const P = source.length, p = this.planned;
    if ((p.count + 1) * P > p.params.length) {
      const grown = new Float64Array(Math.max((p.count + 1) * P, 2 * p.params.length, 16 * P));
      grown.set(p.params.subarray(0, p.count * P));
      p.params = grown;
    }
    p.params.set(source, p.count * P);
    p.iterations.push(this.trainer.iteration);
    this.lastKept = this.trainer.iteration;
    p.count++;
  }

  /**
   * The pair the next iteration trains on first, drawn from a copy of the
   * generator (the run's own is untouched). Only for iterations slow enough
   * to follow one by one: the copy costs as much as a few iterations.
   */
  nextSample(): { a: number; b: number } {
    const { config } = this.trainer;
    const rng = randomFromState(config.rng, this.trainer.state().rng);
    const limit = operandLimit(config.bits);
    const a = rng.randint(limit);
    return { a, b: rng.randint(limit) };
  }

  /** Training is running or a step is under way. */
  get active(): boolean {
    return this.state === 'running' || this.stepTarget !== null;
  }

  /** Where the current stretch of training ends: the step's end, else the run's. */
  get limit(): number {
    return this.stepTarget ?? this.target;
  }

  trained(iterations: number, ms: number): void {
    this.pending += iterations;
    this.windowIterations += iterations;
    this.budget.trained(iterations, ms);
  }

  /** Records an evaluation of the current weights. */
  evaluated(accuracy: Accuracy): void {
    if (this.accuracy) this.earlierAccuracy.push(this.accuracy);
    this.accuracy = accuracy;
  }

  /** Wall time of a slice, training and evaluation together. */
  sliced(ms: number): void {
    this.elapsedMs += ms;
    this.windowMs += ms;
  }

  /** The progress message for the pending losses (a fresh copy, transferable); resets what it reports. */
  progress(lossBuffer: Float64Array, now: number): Outgoing {
    const losses = lossBuffer.slice(0, this.pending);
    if (this.windowMs > 0 && this.windowIterations > 0) this.itersPerSecond = (this.windowIterations / this.windowMs) * 1000;
    const message: FromTrainer = {
      type: 'progress',
      state: this.state,
      firstIteration: this.firstIteration,
      losses,
      iteration: this.trainer.iteration,
      itersPerSecond: this.itersPerSecond,
      elapsedSeconds: this.elapsedMs / 1000,
      gradNorms: this.trainer.gradNorms(),
      learningRate: this.trainer.config.learningRate,
    };
    if (this.accuracy) message.accuracy = this.accuracy;
    if (this.earlierAccuracy.length > 0) message.earlierAccuracy = this.earlierAccuracy;
    if (this.sample) message.sample = this.sample;
    this.sample = null;
    const transfer = [losses.buffer];
    if (this.planned.count > 0) {
      const P = this.trainer.parameterView().flat.length;
      const params = this.planned.params.slice(0, this.planned.count * P);
      message.snapshots = { iterations: this.planned.iterations, params };
      transfer.push(params.buffer);
      this.planned.iterations = [];
      this.planned.count = 0;
    }
    this.accuracy = null;
    this.earlierAccuracy = [];
    this.firstIteration = this.trainer.iteration;
    this.pending = 0;
    this.windowIterations = 0;
    this.windowMs = 0;
    this.lastProgressAt = now;
    return { message, transfer: transfer as ArrayBuffer[] };
  }

  /** A snapshot of the weights (fresh copies, transferable). */
  snapshot(now: number): Outgoing {
    const weights = this.trainer.weights();
    this.lastSnapshotAt = now;
    const transfer = Object.values(weights).map((t) => (t as { data: Float64Array }).data.buffer as ArrayBuffer);
    return { message: { type: 'snapshot', iteration: this.trainer.iteration, weights }, transfer };
  }

  /** The full state, to continue exactly from here (fresh copies, transferable). */
  checkpoint(): Outgoing {
    const state = this.trainer.state();
    const transfer = Object.values(state.weights).map((t) => (t as { data: Float64Array }).data.buffer as ArrayBuffer);
    const o = state.optimizer;
    if (o.kind === 'momentum') transfer.push(o.velocity.buffer as ArrayBuffer);
    if (o.kind === 'adam') transfer.push(o.m.buffer as ArrayBuffer, o.v.buffer as ArrayBuffer);
    if (state.rng.kind === 'numpy') transfer.push(state.rng.key.buffer as ArrayBuffer);
    if (state.partialIteration) transfer.push(state.partialIteration.gradient.buffer as ArrayBuffer);
    return { message: { type: 'checkpoint', state, config: { ...this.trainer.config } }, transfer };
  }

  stateMessage(): FromTrainer {
    const message: FromTrainer = { type: 'state', state: this.state, iteration: this.trainer.iteration };
    if (this.runId !== undefined) message.runId = this.runId;
    return message;
  }
}
