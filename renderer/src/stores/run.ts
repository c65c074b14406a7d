/**
 * The training run: the trainer connection and the run controls. Messages go
 * straight into the model's run record; the record is announced at most once
 * per animation frame, and its curves at the charts' steadier pace.
 */

import { defineStore } from 'pinia';
import { computed, watch } from 'vue';
import type { OpenedModel } from '@shared/api/studioApi';
import { CONFIG_FIELDS, fixedByWeightsDifferences, type TrainConfig } from '@shared/rnn/config';
import type { FromTrainer, RunState, ToTrainer } from '@shared/trainer/contract';
import { confirmDiscard, confirmRestore } from '../services/confirmations';
import { studioApi } from '../hosts/studioApi';
import type { Model } from '@shared/model-file/model';
import { cloneTrainerState } from '@shared/rnn/trainerState';
import { createFrameCoalescer, createRateLimiter } from '../services/frameCoalescer';
import { formatCount } from '../format';
import { useModelStore } from './model';
import { useNoticeStore } from './notices';
import { useRunLibraryStore } from './runLibrary';
import { useSettingsStore } from './settings';
import { TrainerLink } from './trainerLink';
import { newRunLabel } from '@shared/run/library/runsTable';
import { RunCheckpoints } from './runCheckpoints';
import { usePreferencesStore } from './preferences';

/**
 * The studio's "Train to iteration" field (settings.iterations) is where the
 * run ends; a trainer runs config.iterations on top of the iterations done.
 * The configuration a trainer gets to reach `target` from `done`.
 */
export function trainerConfig(config: TrainConfig, done: number, target = config.iterations): TrainConfig {
  return { ...config, iterations: Math.max(1, target - done) };
}

/** Two configurations run the same way, learning rate aside (it changes live). */
function sameRun(a: TrainConfig, b: TrainConfig): boolean {
  return CONFIG_FIELDS.every((f) => f.key === 'learningRate' || a[f.key] === b[f.key]);
}

const SHAPE_CHANGE_DELAY_MS = 250;
/**
 * Redrawing three charts costs far more than the status line, so the curves
 * follow at a steady rate below the frame rate and the page keeps its frames.
 */
const CHART_REFRESH_MS = 1000 / 15;
/** How long a save waits for the paused trainer's full state before writing the model without it. */
const SETTLE_CHECKPOINT_MS = 1000;

export const useRunStore = defineStore('run', () => {
  const settings = useSettingsStore();
  const model = useModelStore();
  const notices = useNoticeStore();
  const library = useRunLibraryStore();
  const preferences = usePreferencesStore();

  const state = computed<RunState>(() => model.record.state);
  const iteration = computed(() => model.record.iteration);
  /** The iteration the current run started from: a paused run still there has not moved yet. */
  const startedAt = computed(() => model.record.startIteration);
  /** The iteration the run ends at. */
  const target = computed(() => model.record.target);
  const itersPerSecond = computed(() => model.record.itersPerSecond);
  const accuracy = computed(() => model.record.accuracy);

  const running = computed(() => state.value === 'running');
  const etaSeconds = computed(() =>
    running.value && itersPerSecond.value > 0 ? Math.max(0, target.value - iteration.value) / itersPerSecond.value : null,
  );
  /** The labels of the settings fixed by the weights that differ, when the current model has trained weights. */
  const pendingShapeChanges = computed(() => (model.trained ? fixedByWeightsDifferences(model.config, settings.config).map((f) => f.label) : []));
  /** Train goes on from the current weights (they fit the settings), rather than starting a new model. */
  const continuesModel = computed(() => model.trained && model.weights !== null && settings.config !== null && fixedByWeightsDifferences(model.config, settings.config).length === 0);
  /** A paused run that has trained: the primary control resumes it. */
  const resumable = computed(() => state.value === 'paused' && iteration.value > startedAt.value);
  /**
   * Why Train cannot start now, for a person (shown beside the button and in
   * the status), or null when it can. Running, the primary control pauses.
   */
  const trainBlocked = computed((): string | null => {
    if (running.value) return null;
    if (!settings.config) {
      const problems = CONFIG_FIELDS.filter((f) => settings.errors[f.key]);
      const first = settings.errors[problems[0]!.key]!;
      return problems.length === 1 ? `Fix ${problems[0]!.label}: ${first}` : `Fix ${problems.length} settings (${problems.map((f) => f.label).join(', ')}): ${first}`;
    }
    if (continuesModel.value && settings.config.iterations <= iteration.value) {
      return `The model is at iteration ${formatCount(iteration.value)}: set Train to iteration above it to train on, or Reset for a new model.`;
    }
    return null;
  });

  let runConfig: TrainConfig | null = null;
  let ready = false;
  const stateWaiters = new Set<(state: RunState) => void>();

  const frame = createFrameCoalescer(flush);
  const chartRefresh = createRateLimiter(() => model.refreshCurves(), CHART_REFRESH_MS);
  const link = new TrainerLink(receive);
  const checkpoints = new RunCheckpoints({
    request: () => void link.post({ type: 'checkpoint' }),
    // Only unsaved work needs a checkpoint: a fresh or just-saved model loses nothing.
    model: () => (model.dirty ? model.toModel() : null),
    store: () => studioApi().checkpoints,
    failed: (message) => notices.error(message),
  });

  function flush(): void {
    frame.cancel();
    model.refresh();
  }

  function receive(message: FromTrainer): void {
    model.receive(message);
    switch (message.type) {
      case 'progress':
        chartRefresh.request();
        frame.request();
        return;
      case 'snapshot':
        frame.request();
        return;
      case 'checkpoint':
        checkpoints.received();
        return;
      case 'state':
        if (message.state === 'running') checkpoints.running();
        else if (message.state === 'paused' || message.state === 'stopped') checkpoints.halted();
        else if (message.state === 'diverged') void checkpoints.discard();
        flush();
        if (message.state === 'stopped' || message.state === 'diverged') keepRun();
        for (const waiter of [...stateWaiters]) waiter(message.state);
        return;
      case 'finished':
        void checkpoints.discard();
        flush();
        keepRun();
        notices.info(`Finished at iteration ${message.iteration}: ${(message.accuracy.exact * 100).toFixed(1)}% of sums exactly right.`);
        return;
      case 'error':
        flush();
        notices.error(message.message);
        for (const waiter of [...stateWaiters]) waiter(state.value);
    }
  }

  /** The record and iteration last kept in the run library, so a run is not kept twice. */
  let kept: { record: object; iteration: number } | null = null;

  /** Every run that trained is kept in the run library when it ends, is stopped or is replaced. */
  function keepRun(): void {
    const r = model.record;
    if (!r.config || r.iteration <= r.startIteration) return;
    if (kept && kept.record === r && kept.iteration === r.iteration) return;
    kept = { record: r, iteration: r.iteration };
    const entry = model.runEntry(library.nextId(), newRunLabel(r.config, library.entries.map((e) => e.model.config)));
    if (entry) void library.keep(entry);
  }

  /** The snapshot plan and the pace every start carries. */
  function withPlanAndPace(message: Extract<ToTrainer, { type: 'start' }>): Extract<ToTrainer, { type: 'start' }> {
    const plan = model.record.snapshots.plan;
    if (plan) message.snapshots = { ...plan.start };
    message.pace = preferences.pace;
    return message;
  }

  /** Starts a run to the settings' target (their iterations): on from the model's weights, or a fresh model. */
  async function start(config: TrainConfig, options: { continueFromModel: boolean; paused: boolean }): Promise<void> {
    const r = model.record;
    // A run that trained and is being replaced goes into the library first (a finished one is there already).
    if (!options.continueFromModel) keepRun();
    const done = options.continueFromModel ? r.iteration : 0;
    const trainerRun = trainerConfig(config, done);
    const message: Extract<ToTrainer, { type: 'start' }> = { type: 'start', config: trainerRun, paused: options.paused };
    // The trainer's full state, when it sent one at this iteration, continues exactly; the weights alone start the optimiser afresh.
    const state = options.continueFromModel ? model.continuation() : null;
    if (state) {
      message.state = cloneTrainerState(state);
      model.begin({ config: trainerRun, state: message.state, elapsedSeconds: r.elapsedSeconds, lastLoss: r.lastLoss, accuracy: r.accuracy });
    } else if (options.continueFromModel && r.weights) {
      message.weights = r.weights;
      message.iterationsDone = r.iteration;
      model.begin({ config: trainerRun, weights: r.weights, iterationsDone: r.iteration, elapsedSeconds: r.elapsedSeconds, lastLoss: r.lastLoss, accuracy: r.accuracy });
    } else {
      void checkpoints.discard();
      model.begin({ config: trainerRun });
    }
    runConfig = { ...config };
    try {
      await link.start(withPlanAndPace(message));
    } catch (error) {
      notices.error(`The trainer could not be started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Starts from the settings: on from the current weights when they fit, else fresh (asking before trained work is lost). */
  async function startFromSettings(paused: boolean): Promise<boolean> {
    const config = settings.config;
    if (!config) {
      notices.error('Some settings are not valid; fix the fields marked in red first.');
      return false;
    }
    const keep = continuesModel.value;
    if (!paused && trainBlocked.value) {
      notices.error(trainBlocked.value);
      return false;
    }
    if (!keep && model.dirty && !(await confirmDiscard('new-model', `${pendingShapeChanges.value.join(', ') || 'The settings'} changed: training on needs a new model. `))) return false;
    await start(config, { continueFromModel: keep, paused });
    return true;
  }

  /** The current run can go on as the settings say (same trainer, not crashed). */
  function canContinueRun(): boolean {
    return state.value === 'paused' && link.connected && !link.starting && runConfig !== null && settings.config !== null && sameRun(runConfig, settings.config);
  }

  async function train(): Promise<void> {
    if (running.value) return;
    if (trainBlocked.value) {
      notices.error(trainBlocked.value);
      return;
    }
    if (canContinueRun()) {
      link.post({ type: 'resume' });
      return;
    }
    await startFromSettings(false);
  }

  function pause(): void {
    if (running.value) link.post({ type: 'pause' });
  }

  async function toggle(): Promise<void> {
    if (running.value) pause();
    else await train();
  }

  async function step(n: number): Promise<void> {
    if (running.value) return;
    if (canContinueRun()) {
      link.post({ type: 'step', n });
      return;
    }
    if (await startFromSettings(true)) link.post({ type: 'step', n });
  }

  function stop(): void {
    if (running.value || state.value === 'paused') link.post({ type: 'stop' });
  }

  /** New initial weights from the same seed, so the next run repeats the last one exactly. */
  async function reset(): Promise<void> {
    const config = settings.config;
    if (!config) {
      notices.error('Some settings are not valid; fix the fields marked in red before resetting.');
      return;
    }
    if (model.dirty && !(await confirmDiscard('reset', `Reset draws the initial weights again from seed ${config.seed}${pendingShapeChanges.value.length > 0 ? ` with the new ${pendingShapeChanges.value.join(', ').toLowerCase()}` : ''}. `))) return;
    await start(config, { continueFromModel: false, paused: true });
  }

  /** Waits until the run is not running (pausing it), so weights, history and the trainer's full state agree. */
  function settle(): Promise<void> {
    if (!running.value || !link.connected) return Promise.resolve();
    // The pause asks for a checkpoint (see RunCheckpoints.halted); a model saved after it continues exactly.
    const checkpointed = checkpoints.next(SETTLE_CHECKPOINT_MS);
    return new Promise<void>((resolve) => {
      const waiter = (next: RunState) => {
        if (next === 'running') return;
        stateWaiters.delete(waiter);
        resolve();
      };
      stateWaiters.add(waiter);
      link.post({ type: 'pause' });
    }).then(() => checkpointed);
  }

  /**
   * Makes an opened file the current model, ready to probe and to train
   * further: its settings come back as they were saved, Train to iteration
   * included (where the run was heading; a file without a run section ends
   * where it stopped, and an untrained one at its iterations).
   */
  async function adopt(opened: OpenedModel, options: { restored: boolean } = { restored: false }): Promise<void> {
    const { model: file } = opened;
    const done = file.training.iterations;
    const target = file.run ? file.run.target : done > 0 ? done : file.config.iterations;
    keepRun();
    if (!options.restored) void checkpoints.discard();
    // The trainer runs to the target; a model already there keeps its configuration as saved (nothing is to run).
    const config = target > done ? trainerConfig(file.config, done, target) : file.config;
    model.adopt({ ...opened, model: { ...file, config } }, { saved: !options.restored, target });
    settings.apply({ ...file.config, iterations: target });
    runConfig = { ...file.config, iterations: target };
    // A file with the trainer's state continues exactly; one without continues from its weights.
    const state = model.continuation();
    if (!state && done > 0) {
      notices.info(`${opened.name} holds no optimiser or generator state (saved by an older version): training on continues from its weights alone, so it can differ from one uninterrupted run.`);
    }
    const message: Extract<ToTrainer, { type: 'start' }> = state
      ? { type: 'start', config, state: cloneTrainerState(state), paused: true }
      : { type: 'start', config, weights: file.weights, iterationsDone: done, paused: true };
    try {
      await link.start(withPlanAndPace(message));
    } catch (error) {
      notices.error(`The trainer could not be started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A fresh paused run from the settings, so the initial weights can be inspected before training. */
  async function prepare(): Promise<void> {
    const config = settings.config;
    if (config) await start(config, { continueFromModel: false, paused: true });
  }

  /** Offers the run a crash or a closed window interrupted, kept as a checkpoint; restored, it continues exactly. */
  async function offerRestore(): Promise<boolean> {
    const interrupted: Model | null = await studioApi().checkpoints.load().catch(() => null);
    if (!interrupted) return false;
    if (!interrupted.state || !(await confirmRestore(interrupted.training.iterations, interrupted.run?.target ?? null))) {
      await checkpoints.discard();
      return false;
    }
    await adopt({ model: interrupted, name: 'Restored run', path: null }, { restored: true });
    notices.info(`Restored the run at iteration ${interrupted.training.iterations}; press Train to go on.`);
    return true;
  }

  /** The model was saved: its work is safe, so its checkpoint goes (training on makes a new one). */
  async function saved(): Promise<void> {
    // Work trained since the save (a run that went on meanwhile) is unsaved again: its checkpoint stays, and so does the timer.
    if (model.dirty) return;
    await checkpoints.discard();
    if (running.value) checkpoints.running();
  }

  async function init(): Promise<void> {
    await settings.restore();
    if (!(await offerRestore())) await prepare();
    ready = true;
  }

  // Only the pace changes: the run's numbers are the same at every speed.
  watch(
    () => preferences.pace,
    (pace) => void link.post({ type: 'setPace', pace }),
  );

  watch(
    () => settings.learningRate,
    (learningRate) => {
      if (learningRate === null || !runConfig || runConfig.learningRate === learningRate) return;
      runConfig.learningRate = learningRate;
      model.setLearningRate(iteration.value, learningRate);
      if (state.value === 'running' || state.value === 'paused') link.post({ type: 'setLearningRate', learningRate });
    },
  );

  // An untrained model simply follows the settings fixed by the weights; a trained one waits for Reset.
  let shapeTimer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => fixedByWeightsDifferences(model.config, settings.config).map((f) => f.key).join(),
    (changes) => {
      clearTimeout(shapeTimer);
      if (!ready || changes === '' || model.trained || running.value) return;
      shapeTimer = setTimeout(() => {
        // Train or Step may have started a run with these settings meanwhile.
        if (model.trained || running.value || link.starting || !settings.config) return;
        if (fixedByWeightsDifferences(model.config, settings.config).length > 0) void prepare();
      }, SHAPE_CHANGE_DELAY_MS);
    },
  );

  return {
    state,
    iteration,
    startedAt,
    target,
    itersPerSecond,
    accuracy,
    running,
    etaSeconds,
    pendingShapeChanges,
    continuesModel,
    resumable,
    trainBlocked,
    init,
    train,
    pause,
    toggle,
    step,
    stop,
    reset,
    settle,
    adopt,
    saved,
  };
});
