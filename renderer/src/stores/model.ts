/**
 * The model the window holds: the configuration its weights belong to, the
 * latest weights (from the trainer's snapshots or a file), the initial
 * weights of a fresh run, its training state, and the file it came from.
 */

import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Model, LossHistory } from '../../../shared/model-file/model';
import type { OpenedModel } from '../../../shared/api/StudioApi';
import { CONFIG_FIELDS, type ConfigKey, type TrainConfig } from '../../../shared/rnn/config';
import type { Weights } from '../../../shared/rnn/weights';

/** The settings that shape the weights; changing any of them needs a new model. */
export const MODEL_SHAPING_KEYS: readonly ConfigKey[] = CONFIG_FIELDS.filter((f) => f.needsReset).map((f) => f.key);

/** The labels of the shaping settings on which two configurations differ. */
export function shapingDifferences(a: TrainConfig | null, b: TrainConfig | null): string[] {
  if (!a || !b) return [];
  return CONFIG_FIELDS.filter((f) => f.needsReset && a[f.key] !== b[f.key]).map((f) => f.label);
}

/** A history that a model file accepts: finite values, no more points than the iterations fill. */
function fileableHistory(history: LossHistory, iterations: number): LossHistory {
  let n = history.values.length;
  while (n > 0 && (n - 1) * history.stride >= iterations) n--;
  const values = history.values.slice(0, n);
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) values[i] = i > 0 ? values[i - 1]! : 0;
  return { stride: history.stride, values };
}

export const useModelStore = defineStore('model', () => {
  const config = shallowRef<TrainConfig | null>(null);
  const weights = shallowRef<Weights | null>(null);
  const initialWeights = shallowRef<Weights | null>(null);
  /** Iterations done on `weights`. */
  const iterations = ref(0);
  const lastLoss = ref<number | null>(null);
  const accuracy = ref<number | null>(null);
  const bitAccuracy = ref<number | null>(null);
  /** Training time of the runs before the current one. */
  const earlierSeconds = ref(0);
  const runSeconds = ref(0);
  const fileName = ref<string | null>(null);
  const filePath = ref<string | null>(null);
  /** Trained since the last save or open. */
  const dirty = ref(false);

  const trained = computed(() => iterations.value > 0);
  const elapsedSeconds = computed(() => earlierSeconds.value + runSeconds.value);
  const displayName = computed(() => fileName.value ?? 'Untitled');

  /** A new, untrained model; its weights arrive with the trainer's first snapshot. */
  function beginFresh(next: TrainConfig): void {
    config.value = { ...next };
    weights.value = null;
    initialWeights.value = null;
    iterations.value = 0;
    lastLoss.value = null;
    accuracy.value = null;
    bitAccuracy.value = null;
    earlierSeconds.value = 0;
    runSeconds.value = 0;
    dirty.value = false;
  }

  /** A run goes on from the current weights with this configuration (same shape, other training settings). */
  function continueWith(next: TrainConfig): void {
    config.value = { ...next };
    earlierSeconds.value += runSeconds.value;
    runSeconds.value = 0;
  }

  function setLearningRate(learningRate: number): void {
    if (config.value && config.value.learningRate !== learningRate) config.value = { ...config.value, learningRate };
  }

  function receiveWeights(next: Weights, iteration: number, initial: boolean): void {
    if (initial) initialWeights.value = next;
    if (iteration !== iterations.value) dirty.value = true;
    weights.value = next;
    iterations.value = iteration;
  }

  function receiveProgress(update: { lastLoss: number | null; runSeconds: number; accuracy?: { exact: number; bit: number } }): void {
    if (update.lastLoss !== null && Number.isFinite(update.lastLoss)) lastLoss.value = update.lastLoss;
    runSeconds.value = update.runSeconds;
    if (update.accuracy) {
      accuracy.value = update.accuracy.exact;
      bitAccuracy.value = update.accuracy.bit;
    }
  }

  function adopt(opened: OpenedModel): void {
    const { model } = opened;
    config.value = { ...model.config };
    weights.value = model.weights;
    initialWeights.value = null;
    iterations.value = model.training.iterations;
    lastLoss.value = model.training.lastLoss;
    accuracy.value = model.training.accuracy;
    bitAccuracy.value = model.training.bitAccuracy;
    earlierSeconds.value = model.training.elapsedSeconds;
    runSeconds.value = 0;
    fileName.value = opened.name;
    filePath.value = opened.path;
    dirty.value = false;
  }

  function markSaved(name: string, path: string | null): void {
    fileName.value = name;
    filePath.value = path;
    dirty.value = false;
  }

  /** The model as a file holds it; null before the first weights arrive. */
  function toModel(history: LossHistory): Model | null {
    if (!config.value || !weights.value) return null;
    return {
      config: { ...config.value },
      weights: weights.value,
      training: {
        iterations: iterations.value,
        lastLoss: lastLoss.value,
        accuracy: accuracy.value,
        bitAccuracy: bitAccuracy.value,
        seed: config.value.seed,
        elapsedSeconds: elapsedSeconds.value,
      },
      lossHistory: fileableHistory(history, iterations.value),
    };
  }

  return {
    config,
    weights,
    initialWeights,
    iterations,
    lastLoss,
    accuracy,
    bitAccuracy,
    elapsedSeconds,
    fileName,
    filePath,
    dirty,
    trained,
    displayName,
    beginFresh,
    continueWith,
    setLearningRate,
    receiveWeights,
    receiveProgress,
    adopt,
    markSaved,
    toModel,
  };
});
