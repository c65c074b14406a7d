/**
 * The run over time, for the inside-training views: a bounded series of
 * moments (weights, gradient flow and mean gradient over the fixed sample),
 * added as the trainer's snapshots arrive, and the moment the views show
 * (the live one, or one picked with the slider).
 */

import { computed, markRaw, onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { MAX_SNAPSHOTS, SnapshotSeries, type GradientFlow, type Snapshot } from '../../../shared/rnn/inspect';
import { parameterCount } from '../../../shared/rnn/network';
import type { TrainConfig } from '../../../shared/rnn/config';
import type { Weights } from '../../../shared/rnn/weights';
import { InsideComputer } from './InsideComputer';

export interface Moment {
  weights: Weights;
  /** Gradient flow averaged over the fixed sample of pairs. */
  flow: GradientFlow;
  /** The squared-error gradient averaged over the same pairs. */
  gradient: Weights;
}

export interface TimelineSource {
  weights: Weights | null;
  iteration: number;
  config: TrainConfig | null;
}

/** Memory the kept moments may take: all 200 up to about 1 000 hidden units' worth of weights, fewer for larger networks. */
const TIMELINE_BYTES = 64 * 1024 * 1024;

/** What fixes the network: a new shape or seed starts a new timeline. */
function networkKey(config: TrainConfig | null): string {
  return config ? `${config.bits}/${config.hiddenSize}/${config.activation}/${config.bias}/${config.seed}/${config.init}/${config.rng}` : '';
}

function seriesFor(config: TrainConfig | null): SnapshotSeries<Moment> {
  const bytes = 2 * 8 * (config ? parameterCount(config) : 1);
  return markRaw(new SnapshotSeries<Moment>(Math.max(3, Math.min(MAX_SNAPSHOTS, Math.floor(TIMELINE_BYTES / bytes)))));
}

export function useTrainingTimeline(source: () => TimelineSource) {
  let series = seriesFor(null);
  /** Bumped whenever the series changes. */
  const revision = ref(0);
  /** The iteration of the moment shown, or null to follow the live weights. */
  const scrubbedIteration = ref<number | null>(null);
  const latestFlow = shallowRef<GradientFlow | null>(null);
  let key = '';

  const computer = new InsideComputer((reply, job) => {
    if (job.kind !== 'moment' || !reply.result || reply.result.kind !== 'moment') return;
    if (networkKey(source().config) !== key) return;
    const last = series.snapshots[series.size - 1];
    if (last && job.iteration < last.iteration) return; // from before a reset
    series.add(job.iteration, { weights: job.weights, flow: reply.result.flow, gradient: reply.result.gradient });
    latestFlow.value = reply.result.flow;
    revision.value++;
  });

  watch(
    () => source().weights,
    (weights) => {
      const { iteration, config } = source();
      if (!weights || !config) return;
      const last = series.snapshots[series.size - 1];
      if (networkKey(config) !== key || (last && iteration < last.iteration)) {
        key = networkKey(config);
        series = seriesFor(config);
        scrubbedIteration.value = null;
        latestFlow.value = null;
        revision.value++;
      }
      computer.request({ kind: 'moment', weights, config, iteration });
    },
    { immediate: true },
  );
  onBeforeUnmount(() => computer.dispose());

  /** The kept moments, oldest first (a fresh array on every change). */
  const moments = computed((): Snapshot<Moment>[] => {
    void revision.value;
    return [...series.snapshots];
  });
  const shownMoment = computed(() => {
    void revision.value;
    return scrubbedIteration.value === null ? null : (series.at(scrubbedIteration.value) ?? null);
  });
  /** The weights the inspector, the probe and the hidden-state view show. */
  const shownWeights = computed(() => shownMoment.value?.value.weights ?? source().weights);
  const shownIteration = computed(() => shownMoment.value?.iteration ?? source().iteration);

  return { moments, scrubbedIteration, latestFlow, shownWeights, shownIteration };
}

export type TrainingTimeline = ReturnType<typeof useTrainingTimeline>;
