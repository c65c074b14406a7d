/**
 * The model the window holds: one run record (shared/run) that only the
 * trainer's messages, a reset and an opened file change, plus the file it was
 * last saved to or opened from. Views read the record; the run store feeds it.
 */

import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, triggerRef } from 'vue';
import type { OpenedModel } from '@shared/api/studioApi';
import type { Model } from '@shared/model-file/model';
import { evaluationPairs } from '@shared/rnn/task';
import { RunRecorder, type RunRecord, type RunStart } from '@shared/run/runRecorder';
import type { TrainingHistory } from '@shared/run/curves/trainingHistory';
import type { FromTrainer } from '@shared/trainer/contract';
import { trainerStateOf } from '@shared/model-file/stateSection';
import type { TrainerState } from '@shared/rnn/trainerState';
import { entryFromRecorder, type RunEntry } from '@shared/run/library/runEntry';

export const useModelStore = defineStore('model', () => {
  const recorder = markRaw(new RunRecorder());
  /** The record; the same object is updated in place and re-announced with triggerRef. */
  const record = shallowRef<Readonly<RunRecord>>(recorder.record);
  /** The run's curves, re-announced at the charts' own pace. */
  const curves = shallowRef<TrainingHistory>(markRaw(recorder.curves));
  const fileName = ref<string | null>(null);
  const filePath = ref<string | null>(null);
  /** The model and its iteration as last saved or opened. */
  const saved = shallowRef<{ modelId: number; iteration: number } | null>(null);

  const config = computed(() => record.value.config);
  const weights = computed(() => record.value.weights);
  const initialWeights = computed(() => record.value.initialWeights);
  const iterations = computed(() => record.value.iteration);
  const elapsedSeconds = computed(() => record.value.elapsedSeconds);
  const trained = computed(() => record.value.iteration > 0);
  /** Trained since the last save or open. */
  const dirty = computed(() => trained.value && !(saved.value?.modelId === record.value.modelId && saved.value.iteration === record.value.iteration));
  const displayName = computed(() => fileName.value ?? 'Untitled');

  function announce(): void {
    record.value = recorder.record;
    curves.value = markRaw(recorder.curves);
    triggerRef(record);
    triggerRef(curves);
  }

  /** A new record: a fresh model from `start.config`, or `start.weights` trained further. */
  function begin(start: RunStart): void {
    recorder.begin(start);
    announce();
  }

  /** Takes a trainer message into the record; `refresh` announces it (at most once a frame). */
  function receive(message: FromTrainer): void {
    recorder.receive(message);
  }

  /** Announces what the record received since the last call. */
  function refresh(): void {
    triggerRef(record);
  }

  /** Announces new points on the curves (the charts redraw). */
  function refreshCurves(): void {
    curves.value = markRaw(recorder.curves);
    triggerRef(curves);
  }

  function setLearningRate(iteration: number, learningRate: number): void {
    recorder.setLearningRate(iteration, learningRate);
    triggerRef(record);
    triggerRef(curves);
  }

  /**
   * Makes an opened file the model, untouched since it was opened (a restored
   * checkpoint: not yet saved anywhere), its run heading for `target`.
   */
  function adopt(opened: OpenedModel, options: { saved: boolean; target: number }): void {
    const { model } = opened;
    const t = model.training;
    const state = trainerStateOf(model);
    recorder.begin({
      config: model.config,
      ...(state ? { state } : { weights: model.weights, iterationsDone: t.iterations }),
      history: model.lossHistory,
      elapsedSeconds: t.elapsedSeconds,
      lastLoss: t.lastLoss,
      accuracy: t.accuracy === null ? null : { iteration: t.iterations, exact: t.accuracy, bit: t.bitAccuracy ?? t.accuracy, pairs: evaluationPairs(model.config.bits) },
      ...(model.run ? { run: model.run } : {}),
      target: options.target,
    });
    fileName.value = opened.name;
    filePath.value = opened.path;
    saved.value = options.saved ? { modelId: recorder.record.modelId, iteration: t.iterations } : null;
    announce();
  }

  /** The full state at the record's iteration, when the trainer has sent it since (see RunRecorder.continuation). */
  function continuation(): TrainerState | null {
    return recorder.continuation();
  }

  /** The model was written to a file as it was at `iteration`. */
  function markSaved(name: string, path: string | null, iteration: number): void {
    fileName.value = name;
    filePath.value = path;
    saved.value = { modelId: recorder.record.modelId, iteration };
  }

  /** The run as the run library keeps it; null before the first weights arrive. */
  function runEntry(id: string, label: string): RunEntry | null {
    return entryFromRecorder(recorder, id, label);
  }

  /** The model as a file holds it, with its run's target, curves and snapshots; null before the first weights arrive. */
  function toModel(): Model | null {
    return recorder.toModel({ withRun: true });
  }

  return {
    record,
    curves,
    config,
    weights,
    initialWeights,
    iterations,
    elapsedSeconds,
    fileName,
    filePath,
    dirty,
    trained,
    displayName,
    begin,
    receive,
    refresh,
    refreshCurves,
    setLearningRate,
    adopt,
    markSaved,
    toModel,
    continuation,
    runEntry,
  };
});
