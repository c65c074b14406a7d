/**
 * The training run: the trainer connection and the run controls. Messages go
 * straight into the model's run record; the record is announced at most once
 * per animation frame, and its curves at the charts' steadier pace.
 */

import { defineStore } from 'pinia';
import { computed, watch } from 'vue';
import type { OpenedModel } from '../../../shared/api/StudioApi';
import { CONFIG_FIELDS, fixedByWeightsDifferences, type TrainConfig } from '../../../shared/rnn/config';
import type { FromTrainer, RunState, ToTrainer } from '../../../shared/trainer/contract';
import { confirmDiscard } from '../services/confirmations';
import { createFrameCoalescer, createRateLimiter } from './frameCoalescer';
import { useModelStore } from './model';
import { useNoticeStore } from './notices';
import { useRunLibraryStore } from './runLibrary';
import { useSettingsStore } from './settings';
import { TrainerLink } from './trainerLink';

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

export const useRunStore = defineStore('run', () => {
  const settings = useSettingsStore();
  const model = useModelStore();
  const notices = useNoticeStore();
  const library = useRunLibraryStore();

  const state = computed<RunState>(() => model.record.state);
  const iteration = computed(() => model.record.iteration);
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

  let runConfig: TrainConfig | null = null;
  let ready = false;
  const stateWaiters = new Set<(state: RunState) => void>();

  const frame = createFrameCoalescer(flush);
  const chartRefresh = createRateLimiter(() => model.refreshCurves(), CHART_REFRESH_MS);
  const link = new TrainerLink(receive);

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
      case 'state':
        flush();
        if (message.state === 'stopped' || message.state === 'diverged') keepRun();
        for (const waiter of [...stateWaiters]) waiter(message.state);
        return;
      case 'finished':
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

  /** Every run that trained is kept in the run library when it ends or is stopped. */
  function keepRun(): void {
    const r = model.record;
    if (!r.config || r.iteration <= r.startIteration) return;
    const entry = model.runEntry(library.nextId(), `hidden ${r.config.hiddenSize}, lr ${r.config.learningRate}, seed ${r.config.seed}`);
    if (entry) void library.keep(entry);
  }

  async function start(config: TrainConfig, options: { continueFromModel: boolean; paused: boolean }): Promise<void> {
    const message: Extract<ToTrainer, { type: 'start' }> = { type: 'start', config: { ...config }, paused: options.paused };
    const r = model.record;
    if (options.continueFromModel && r.weights) {
      message.weights = r.weights;
      message.iterationsDone = r.iteration;
      model.begin({ config, weights: r.weights, iterationsDone: r.iteration, elapsedSeconds: r.elapsedSeconds, lastLoss: r.lastLoss, accuracy: r.accuracy });
    } else {
      model.begin({ config });
    }
    runConfig = { ...config };
    try {
      await link.start(message);
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
    const keep = model.trained && model.weights !== null && fixedByWeightsDifferences(model.config, config).length === 0;
    if (!keep && model.dirty && !(await confirmDiscard('Start a new model'))) return false;
    await start(config, { continueFromModel: keep, paused });
    return true;
  }

  /** The current run can go on as the settings say (same trainer, not crashed). */
  function canContinueRun(): boolean {
    return state.value === 'paused' && link.connected && !link.starting && runConfig !== null && settings.config !== null && sameRun(runConfig, settings.config);
  }

  async function train(): Promise<void> {
    if (running.value) return;
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
    if (running.value || canContinueRun()) {
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
    if (model.dirty && !(await confirmDiscard('Reset'))) return;
    await start(config, { continueFromModel: false, paused: true });
  }

  /** Waits until the run is not running (pausing it), so weights and history agree. */
  function settle(): Promise<void> {
    if (!running.value || !link.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = (next: RunState) => {
        if (next === 'running') return;
        stateWaiters.delete(waiter);
        resolve();
      };
      stateWaiters.add(waiter);
      link.post({ type: 'pause' });
    });
  }

  /** Makes an opened file the current model, ready to probe and to train further. */
  async function adopt(opened: OpenedModel): Promise<void> {
    const { model: file } = opened;
    model.adopt(opened);
    settings.apply(file.config);
    runConfig = { ...file.config };
    const message: ToTrainer = { type: 'start', config: { ...file.config }, weights: file.weights, iterationsDone: file.training.iterations, paused: true };
    try {
      await link.start(message);
    } catch (error) {
      notices.error(`The trainer could not be started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A fresh paused run from the settings, so the initial weights can be inspected before training. */
  async function prepare(): Promise<void> {
    const config = settings.config;
    if (config) await start(config, { continueFromModel: false, paused: true });
  }

  async function init(): Promise<void> {
    await settings.restore();
    await prepare();
    ready = true;
  }

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
    target,
    itersPerSecond,
    accuracy,
    running,
    etaSeconds,
    pendingShapeChanges,
    init,
    train,
    pause,
    toggle,
    step,
    stop,
    reset,
    settle,
    adopt,
  };
});
