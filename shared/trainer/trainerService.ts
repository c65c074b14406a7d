/**
 * The trainer behind a Port: runs training in time slices, yields between
 * them so control messages get through, and reports batched progress,
 * snapshots, evaluations, the finish and divergence. The same loop runs in a
 * Web Worker, Electron's utility process and the CLI.
 *
 * A start message runs `config.iterations` iterations on top of
 * `iterationsDone`; iteration numbers in every reply count all of them.
 */

import { TrainingLoop, evaluate, type TrainerStart } from '../rnn/index';
import type { Accuracy, FromTrainer, Port, RunState, ToTrainer } from './contract';
import { TrainingRun, type Outgoing } from './trainingRun';
import { defaultScheduler, monotonicNow, type Scheduler } from './scheduler';
import { checkMessage } from './validateMessage';
import { PaceClock } from './pace';

export interface TrainerServiceOptions {
  scheduler?: Scheduler;
  /** Milliseconds from a monotonic clock. */
  now?: () => number;
  /** Training time per slice before yielding. */
  sliceMs?: number;
  /** Least time between progress messages (30 per second at most by default). */
  progressIntervalMs?: number;
  /** Time between automatic snapshots while running. */
  snapshotIntervalMs?: number;
  /** The most of the time periodic evaluation may take. */
  evaluationShare?: number;
  /** Least time between periodic evaluations. */
  evaluationIntervalMs?: number;
  /**
   * Evaluate periodically for the accuracy curve (default true). Headless
   * runs that report only the final accuracy turn it off: each evaluation of
   * 8 bits costs as much as a thousand iterations.
   */
  periodicEvaluation?: boolean;
}

/**
 * How long one train() call aims to take, so the clock is read often enough
 * to end slices on time. Chunks count samples, not iterations: a batch of
 * 1024 samples of the largest LSTM takes most of a minute, and runs a few
 * samples at a time (TrainingLoop.trainSamples) so that stop requests and
 * checkpoints still get through between slices.
 */
const CHUNK_MS = 1;
const MAX_CHUNK = 1 << 20;

export class TrainerService {
  private readonly scheduler: Scheduler;
  private readonly now: () => number;
  private readonly sliceMs: number;
  private readonly progressIntervalMs: number;
  private readonly snapshotIntervalMs: number;
  private readonly evaluationShare: number;
  private readonly evaluationIntervalMs: number;
  private readonly periodicEvaluation: boolean;
  private run: TrainingRun | null = null;
  /** Starts waiting for the current run to end, in the order they came. */
  private readonly queue: Extract<ToTrainer, { type: 'start' }>[] = [];
  /** Losses since the last progress message; reused, grown only when a message interval holds more. */
  private losses = new Float64Array(4096);
  /** Samples per train call, calibrated to take about CHUNK_MS. */
  private chunk = 1;
  private scheduled = false;
  /** The scheduled tick waits for a paced run's next iteration (a sooner request replaces it). */
  private waiting = false;
  /** Cancels the scheduled tick while it waits. */
  private cancelWait: (() => void) | null = null;
  /** The pace of running (not stepping): null trains as fast as possible. Kept from run to run. */
  private pace: PaceClock | null = null;
  private disposed = false;

  constructor(
    private readonly port: Port,
    options: TrainerServiceOptions = {},
  ) {
    this.scheduler = options.scheduler ?? defaultScheduler();
    this.now = options.now ?? monotonicNow;
    this.sliceMs = options.sliceMs ?? 15;
    this.progressIntervalMs = options.progressIntervalMs ?? 1000 / 30;
    this.snapshotIntervalMs = options.snapshotIntervalMs ?? 250;
    this.evaluationShare = options.evaluationShare ?? 0.1;
    this.evaluationIntervalMs = options.evaluationIntervalMs ?? 200;
    this.periodicEvaluation = options.periodicEvaluation ?? true;
    port.onMessage((message) => this.receive(message));
  }

  /** Stops the loop and releases the scheduler; later messages are ignored. */
  dispose(): void {
    this.disposed = true;
    this.cancelWait?.();
    this.run?.dispose();
    this.run = null;
    this.queue.length = 0;
    this.scheduler.close();
  }

  /** Handles one incoming message; never throws. */
  receive(value: unknown): void {
    if (this.disposed) return;
    try {
      const checked = checkMessage(value);
      if (!checked.ok) return this.post({ type: 'error', code: checked.code, message: checked.problem });
      this.handle(checked.message);
    } catch (error) {
      this.fail(error);
    }
  }

  private handle(message: ToTrainer): void {
    // The pace belongs to the service, not to a run: it may be set before any start.
    if (message.type === 'setPace' && !this.run) return void this.setPace(message.pace);
    if (message.type === 'start') {
      if (message.queued && this.run && this.underWay(this.run)) return void this.queue.push(message);
      this.queue.length = 0;
      return this.start(message);
    }
    const run = this.run;
    if (!run) return this.post({ type: 'error', code: 'not-started', message: `nothing to ${message.type}: no run has been started; send start first` });
    switch (message.type) {
      case 'pause':
        if (run.state === 'running' || run.stepTarget !== null) this.halt(run, 'paused');
        else this.postState(run);
        return;
      case 'resume':
        if (run.state === 'paused') {
          run.stepTarget = null;
          this.setRunning(run);
        } else if (run.state !== 'running') this.refuse(run, 'resume');
        return;
      case 'step':
        if (run.state === 'stopped' || run.state === 'diverged') return this.refuse(run, 'step');
        if (run.state === 'running') this.halt(run, 'paused');
        run.state = 'paused';
        run.stepTarget = (run.stepTarget ?? run.trainer.iteration) + message.n;
        this.scheduleTick();
        return;
      case 'stop':
        if (run.state === 'running' || run.state === 'paused') this.halt(run, 'stopped');
        else this.postState(run);
        return;
      case 'setLearningRate':
        run.trainer.setLearningRate(message.learningRate);
        return;
      case 'setPace':
        return this.setPace(message.pace);
      case 'snapshot':
        return this.postSnapshot(run);
      case 'checkpoint':
        // Progress first, so the receiver's losses reach exactly the checkpoint's iteration.
        this.postProgress(run);
        return this.send(run.checkpoint());
    }
  }

  private start(message: Extract<ToTrainer, { type: 'start' }>): void {
    const options: TrainerStart = {};
    if (message.state) options.state = message.state;
    if (message.weights) options.weights = message.weights;
    if (message.iterationsDone !== undefined) options.iterationsDone = message.iterationsDone;
    // The run replaced is gone for good: its networks' memory goes to the new one.
    this.run?.dispose();
    this.run = null;
    const trainer = new TrainingLoop(message.config, options);
    this.run = new TrainingRun(trainer, message.paused === true, this.now(), this.evaluationShare, this.evaluationIntervalMs);
    this.run.runId = message.runId;
    this.run.accuracyCurve = this.periodicEvaluation && message.accuracyCurve !== false;
    if (message.snapshots) this.run.planSnapshots(message.snapshots);
    if (message.pace !== undefined) this.pace = message.pace === null ? null : new PaceClock(message.pace);
    this.pace?.restart(this.now(), trainer.iteration);
    this.chunk = 1;
    this.postState(this.run);
    this.postSnapshot(this.run);
    if (!message.paused) this.scheduleTick();
  }

  /** Whether the run has yet to end: a queued start waits for it. */
  private underWay(run: TrainingRun): boolean {
    return run.state === 'running' || run.state === 'paused';
  }

  /** The run has ended: the next queued start, if any, begins. */
  private startQueued(): void {
    const next = this.queue.shift();
    if (next) this.start(next);
  }

  private setRunning(run: TrainingRun): void {
    run.state = 'running';
    run.pacedSince = null;
    this.pace?.restart(this.now(), run.trainer.iteration);
    this.postState(run);
    this.scheduleTick();
  }

  /** A new pace, counted from now; a run waiting for its next iteration is woken to follow it. */
  private setPace(pace: number | null): void {
    this.pace = pace === null ? null : new PaceClock(pace);
    const run = this.run;
    if (!run) return;
    run.pacedSince = null;
    this.pace?.restart(this.now(), run.trainer.iteration);
    if (run.active) this.scheduleTick();
  }

  private refuse(run: TrainingRun, action: string): void {
    const why = run.state === 'diverged' ? 'training diverged' : `the run is ${run.state}`;
    this.post({ type: 'error', code: 'not-started', message: `cannot ${action}: ${why}; start a new run` });
  }

  /** Schedules the next slice, at once or after `delayMs`; a tick asked for sooner replaces one still waiting. */
  private scheduleTick(delayMs = 0): void {
    if (this.disposed) return;
    if (this.scheduled && !(this.waiting && delayMs === 0)) return;
    this.cancelWait?.();
    this.cancelWait = null;
    this.scheduled = true;
    this.waiting = delayMs > 0;
    const run = (): void => {
      this.scheduled = false;
      this.waiting = false;
      this.cancelWait = null;
      try {
        this.tick();
      } catch (error) {
        this.fail(error);
      }
    };
    if (delayMs > 0) this.cancelWait = this.scheduler.later(delayMs, run);
    else this.scheduler.schedule(run);
  }

  /** The pace this slice keeps: running is paced, a step is not. */
  private paceOf(run: TrainingRun): PaceClock | null {
    return run.stepTarget === null ? this.pace : null;
  }

  /** One time slice: train in calibrated chunks until the slice is used, then report what is due. */
  private tick(): void {
    const run = this.run;
    if (!run || !run.active) return;
    const sliceStart = this.now();
    const pace = this.paceOf(run);
    // A paced run trains what its pace allows by now, and one slow enough to follow reports every iteration.
    let allowed = pace ? pace.allowance(sliceStart, run.trainer.iteration) : Infinity;
    const oneByOne = pace !== null && pace.perSecond <= 1000 / this.progressIntervalMs;
    let trained = false;
    let t = sliceStart;
    while (t - sliceStart < this.sliceMs && allowed > 0) {
      const remaining = run.limit - run.trainer.iteration;
      if (remaining <= 0) break;
      // A chunk ends at the next point of the accuracy curve, so a short run still draws one,
      // at the stop rule's next check, which happens exactly at multiples of evalEvery,
      // and at the next scheduled snapshot.
      const curve = run.accuracyCurve ? run.budget.untilCurvePoint(run.trainer.iteration) : Infinity;
      const { samples: begun, batchSize } = run.trainer.partialIteration;
      const whole = Math.floor(this.chunk / batchSize);
      // Whole iterations when a chunk holds one and none is half done, else samples of the current one.
      const partial = whole < 1 || begun > 0;
      const n = partial ? 1 : Math.min(whole, remaining, curve, run.untilCheck, run.untilSnapshot, oneByOne ? 1 : allowed);
      const samples = partial ? Math.min(this.chunk, batchSize - begun) : n * batchSize;
      // The pair an iteration followed one by one trains on first (read before it begins).
      if (oneByOne && begun === 0) run.sample = run.nextSample();
      this.reserve(run.pending + n);
      const ran = partial ? run.trainer.trainSamples(samples, this.losses, run.pending) : run.trainer.train(n, this.losses, run.pending);
      allowed -= ran;
      trained ||= ran > 0;
      const after = this.now();
      const ms = after - t;
      t = after;
      run.trained(ran, ms);
      if (run.trainer.divergence) {
        this.account(run, sliceStart);
        return this.diverged(run);
      }
      // Calibrated on full chunks only: one cut short at a curve point or a batch's end says little about the speed.
      if (samples === this.chunk || (!partial && n === whole)) {
        this.chunk = ms > 0 ? Math.min(MAX_CHUNK, Math.max(1, Math.round((samples / ms) * CHUNK_MS))) : Math.min(MAX_CHUNK, samples * 2);
      }
      if (run.checkDue && this.checkStopRule(run)) {
        this.account(run, sliceStart);
        return this.finish(run);
      }
      if (run.snapshotDue) run.keepSnapshot();
      if (run.accuracyCurve && run.trainer.iteration < run.limit && run.budget.due(this.now(), run.trainer.iteration)) {
        this.evaluate(run);
      }
      t = this.now();
    }
    if (run.stepTarget === null && run.trainer.iteration >= run.target) {
      this.account(run, sliceStart);
      return this.finish(run);
    }
    if (run.stepTarget !== null && run.trainer.iteration >= run.stepTarget) {
      this.account(run, sliceStart);
      return this.halt(run, 'paused');
    }
    this.account(run, sliceStart);
    const now = this.now();
    if (oneByOne && trained) {
      this.postProgress(run);
      this.postSnapshot(run);
    } else {
      if (now - run.lastProgressAt >= this.progressIntervalMs) this.postProgress(run);
      if (now - run.lastSnapshotAt >= this.snapshotIntervalMs) this.postSnapshot(run);
    }
    if (pace) run.pacedSince = this.now();
    this.scheduleTick(pace ? pace.wait(this.now(), run.trainer.iteration) : 0);
  }

  /** Adds the slice's time to the run's; for a paced run, the time since the last slice (its waits count). */
  private account(run: TrainingRun, sliceStart: number): void {
    const from = this.paceOf(run) && run.pacedSince !== null ? Math.min(sliceStart, run.pacedSince) : sliceStart;
    run.sliced(this.now() - from);
  }

  private reserve(size: number): void {
    if (size <= this.losses.length) return;
    const grown = new Float64Array(Math.max(size, this.losses.length * 2));
    grown.set(this.losses);
    this.losses = grown;
  }

  /** Runs the stop rule's check; true (and reachedAt set) when the target is reached. */
  private checkStopRule(run: TrainingRun): boolean {
    const { reached, scored } = run.stopRule!.checkParams(run.trainer.parameterView());
    // A check that scored every pair measured what an evaluation would: it is one, for the curve and the finish.
    if (scored) run.evaluated({ iteration: run.trainer.iteration, ...scored });
    if (reached) run.reachedAt = run.trainer.iteration;
    return reached;
  }

  private evaluate(run: TrainingRun): Accuracy {
    const started = this.now();
    const e = evaluate(run.trainer.weights(), run.trainer.config);
    const ended = this.now();
    run.budget.evaluated(ended - started, ended, run.trainer.iteration);
    const accuracy = { iteration: run.trainer.iteration, exact: e.exact, bit: e.bit, pairs: e.pairs };
    run.evaluated(accuracy);
    return accuracy;
  }

  /** Pauses or stops: reports everything, evaluates when cheap, and snapshots the weights. */
  private halt(run: TrainingRun, state: RunState): void {
    run.state = state;
    run.stepTarget = null;
    run.pacedSince = null;
    if (run.budget.cheap() && run.accuracy?.iteration !== run.trainer.iteration) this.evaluate(run);
    this.postProgress(run);
    this.postSnapshot(run);
    this.postState(run);
    if (state === 'stopped') this.startQueued();
  }

  private finish(run: TrainingRun): void {
    run.state = 'finished';
    // A periodic evaluation or the stop rule's check may just have measured these very weights.
    const accuracy = run.accuracy?.iteration === run.trainer.iteration ? run.accuracy : this.evaluate(run);
    this.postProgress(run);
    // Unasked: whatever saves the finished run (a model file, the run library) holds its state and continues exactly.
    this.send(run.checkpoint());
    this.postSnapshot(run);
    this.postState(run);
    this.post({ type: 'finished', iteration: run.trainer.iteration, accuracy, reachedAt: run.reachedAt });
    this.startQueued();
  }

  private diverged(run: TrainingRun): void {
    run.state = 'diverged';
    run.stepTarget = null;
    this.postProgress(run);
    this.post({
      type: 'error',
      code: 'diverged',
      // The contract's iteration is that of the kept weights, which the trainer stays at.
      iteration: run.trainer.iteration,
      message: run.trainer.divergence?.reason ?? `Training diverged after iteration ${run.trainer.iteration}; the last finite weights are kept.`,
    });
    this.postSnapshot(run);
    this.postState(run);
    this.startQueued();
  }

  private postProgress(run: TrainingRun): void {
    this.send(run.progress(this.losses, this.now()));
  }

  private postSnapshot(run: TrainingRun): void {
    // Planned snapshots go first, with the progress that reaches them: the receiver takes snapshots in order of iteration.
    if (run.snapshotsPending) this.postProgress(run);
    this.send(run.snapshot(this.now()));
  }

  private postState(run: TrainingRun): void {
    this.post(run.stateMessage());
  }

  private send({ message, transfer }: Outgoing): void {
    this.port.post(message, transfer);
  }

  private post(message: FromTrainer): void {
    this.port.post(message);
  }

  /** An unexpected failure: reported, the run stopped, the service still answering. */
  private fail(error: unknown): void {
    // The runs queued behind this one would meet the same fault: the sender decides what comes next.
    this.queue.length = 0;
    const run = this.run;
    if (run) {
      run.state = 'stopped';
      run.stepTarget = null;
    }
    const detail = error instanceof Error ? error.message : String(error);
    try {
      this.post({ type: 'error', code: 'internal', message: `The trainer hit an internal error and stopped: ${detail}` });
      if (run) this.postState(run);
    } catch {
      // The port itself failed; there is no one left to tell.
    }
  }
}
