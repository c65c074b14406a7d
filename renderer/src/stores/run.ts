/**
 * The training run: the trainer connection, the run's state and speed, and
 * the whole run's curves. Progress arrives a few dozen times a second; it is
 * appended to typed arrays at once and copied into reactive state at most
 * once per animation frame.
 */

import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import type { OpenedModel } from '../../../shared/api/StudioApi';
import { LossHistoryBuilder } from '../../../shared/model-file/ModelFile';
import { MAX_HISTORY_POINTS, type LossHistory } from '../../../shared/model-file/model';
import { CONFIG_FIELDS, pairCount, type TrainConfig } from '../../../shared/rnn/config';
import type { Accuracy, FromTrainer, RunState, ToTrainer } from '../../../shared/trainer/contract';
import type { Weights } from '../../../shared/rnn/weights';
import { TrainingHistory, type ProgressMessage } from '../charts/TrainingHistory';
import { confirmDiscard } from '../confirmDiscard';
import { createFrameCoalescer, createRateLimiter } from './frameCoalescer';
import { shapingDifferences, useModelStore } from './model';
import { useNoticeStore } from './notices';
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

  const state = ref<RunState>('idle');
  const iteration = ref(0);
  /** The iteration the current run started from: a paused run still there has not moved yet. */
  const startedAt = ref(0);
  /** The iteration the run ends at. */
  const target = ref(0);
  const itersPerSecond = ref(0);
  const accuracy = shallowRef<Accuracy | null>(null);
  const history = markRaw(new TrainingHistory());
  /** Bumped whenever `history` has new points, so charts know to redraw. */
  const revision = ref(0);

  const running = computed(() => state.value === 'running');
  const etaSeconds = computed(() =>
    running.value && itersPerSecond.value > 0 ? Math.max(0, target.value - iteration.value) / itersPerSecond.value : null,
  );
  /** The settings that need a new model, when the current one has trained weights. */
  const pendingShapeChanges = computed(() => (model.trained ? shapingDifferences(model.config, settings.config) : []));

  let runConfig: TrainConfig | null = null;
  let losses = new LossHistoryBuilder();
  let initialSnapshotDue = false;
  let ready = false;
  const stateWaiters = new Set<(state: RunState) => void>();

  let latestProgress: ProgressMessage | null = null;
  let latestAccuracy: Accuracy | null = null;
  let latestSnapshot: { weights: Weights; iteration: number } | null = null;
  const frame = createFrameCoalescer(flush);
  const chartRefresh = createRateLimiter(() => revision.value++, CHART_REFRESH_MS);
  const link = new TrainerLink(receive);

  function flush(): void {
    frame.cancel();
    const progress = latestProgress;
    if (progress) {
      iteration.value = progress.iteration;
      itersPerSecond.value = progress.itersPerSecond;
    }
    if (latestAccuracy) accuracy.value = latestAccuracy;
    if (progress || latestAccuracy) {
      model.receiveProgress({
        lastLoss: history.lastLoss,
        runSeconds: progress?.elapsedSeconds ?? model.elapsedSeconds,
        ...(latestAccuracy ? { accuracy: latestAccuracy } : {}),
      });
    }
    if (latestSnapshot) model.receiveWeights(latestSnapshot.weights, latestSnapshot.iteration, false);
    if (progress) chartRefresh.request();
    latestProgress = null;
    latestAccuracy = null;
    latestSnapshot = null;
  }

  function receive(message: FromTrainer, startAcknowledged: boolean): void {
    if (startAcknowledged) initialSnapshotDue = true;
    switch (message.type) {
      case 'progress':
        history.append(message);
        losses.add(message.losses);
        latestProgress = message;
        if (message.accuracy) latestAccuracy = message.accuracy;
        frame.request();
        return;
      case 'snapshot':
        if (initialSnapshotDue) {
          initialSnapshotDue = false;
          model.receiveWeights(message.weights, message.iteration, runConfig !== null && message.iteration === 0);
        } else {
          latestSnapshot = { weights: message.weights, iteration: message.iteration };
          frame.request();
        }
        return;
      case 'state':
        flush();
        state.value = message.state;
        iteration.value = message.iteration;
        for (const waiter of [...stateWaiters]) waiter(message.state);
        return;
      case 'finished':
        latestAccuracy = message.accuracy;
        flush();
        notices.info(`Finished at iteration ${message.iteration}: ${(message.accuracy.exact * 100).toFixed(1)}% of sums exactly right.`);
        return;
      case 'error':
        flush();
        if (message.code === 'crashed') state.value = 'stopped';
        notices.error(message.message);
        for (const waiter of [...stateWaiters]) waiter(state.value);
    }
  }

  async function start(config: TrainConfig, options: { continueFromModel: boolean; paused: boolean }): Promise<void> {
    const message: Extract<ToTrainer, { type: 'start' }> = { type: 'start', config: { ...config }, paused: options.paused };
    if (options.continueFromModel && model.weights) {
      message.weights = model.weights;
      message.iterationsDone = model.iterations;
      model.continueWith(config);
    } else {
      model.beginFresh(config);
      history.reset();
      losses = new LossHistoryBuilder();
      accuracy.value = null;
      revision.value++;
    }
    runConfig = { ...config };
    const from = message.iterationsDone ?? 0;
    iteration.value = from;
    startedAt.value = from;
    target.value = from + config.iterations;
    itersPerSecond.value = 0;
    latestProgress = latestSnapshot = latestAccuracy = null;
    try {
      await link.start(message);
    } catch (error) {
      state.value = 'idle';
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
    const keep = model.trained && model.weights !== null && shapingDifferences(model.config, config).length === 0;
    if (!keep && model.dirty && !confirmDiscard('Start a new model')) return false;
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
    if (model.dirty && !confirmDiscard('Reset')) return;
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

  function lossHistory(): LossHistory {
    return losses.toHistory();
  }

  /** Makes an opened file the current model, ready to probe and to train further. */
  async function adopt(opened: OpenedModel): Promise<void> {
    const { model: file } = opened;
    model.adopt(opened);
    settings.apply(file.config);
    const iterations = file.training.iterations;
    history.load(file.lossHistory, iterations);
    losses = new LossHistoryBuilder(MAX_HISTORY_POINTS, { history: file.lossHistory, iterations });
    accuracy.value =
      file.training.accuracy === null
        ? null
        : { iteration: iterations, exact: file.training.accuracy, bit: file.training.bitAccuracy ?? file.training.accuracy, pairs: Math.min(pairCount(file.config.bits), 10_000) };
    revision.value++;
    await start(file.config, { continueFromModel: true, paused: true });
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
      model.setLearningRate(learningRate);
      if (state.value === 'running' || state.value === 'paused') {
        link.post({ type: 'setLearningRate', learningRate });
        history.markLearningRate(iteration.value, learningRate);
        revision.value++;
      }
    },
  );

  // An untrained model simply follows the settings that shape it; a trained one waits for Reset.
  let shapeTimer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => (settings.config ? shapingDifferences(model.config, settings.config).join() : ''),
    (changes) => {
      clearTimeout(shapeTimer);
      if (!ready || changes === '' || model.trained || running.value) return;
      shapeTimer = setTimeout(() => {
        // Train or Step may have started a run with these settings meanwhile.
        if (model.trained || running.value || link.starting || !settings.config) return;
        if (shapingDifferences(model.config, settings.config).length > 0) void prepare();
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
    history,
    revision,
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
    lossHistory,
    adopt,
  };
});
