/**
 * The run over time, for the inside-training views: the run record's weight
 * snapshots, each with the gradient flow and mean gradient of the fixed
 * sample at those weights (computed in a worker as snapshots arrive), and the
 * moment the views show (the live one, or one picked with the slider).
 */

import { computed, onScopeDispose, ref, watch } from 'vue';
import type { GradientFlow, Snapshot, SnapshotSeries } from '@shared/rnn/inspect';
import type { TrainConfig } from '@shared/rnn/config';
import type { Weights } from '@shared/rnn/weights';
import { InsideComputer } from './insideComputer';
import { momentsPerJob, type MomentItem } from './insideWork';

export interface Moment {
  weights: Weights;
  /** Gradient flow averaged over the fixed sample of pairs. */
  flow: GradientFlow;
  /** The squared-error gradient averaged over the same pairs. */
  gradient: Weights;
}

export interface TimelineSource {
  /** The record's snapshots (the same series object while the model trains on). */
  snapshots: SnapshotSeries<Weights>;
  /** The latest weights: a change means the series may have changed. */
  weights: Weights | null;
  iteration: number;
  config: TrainConfig | null;
  /**
   * Training is under way: the figures follow the newest snapshot only, one
   * job at a time, and the rest wait for the run to hold still. Most
   * snapshots of a run in progress are thinned away before it ends, and their
   * figures would take a core's time from the trainer.
   */
  training?: boolean;
}

export function useTrainingTimeline(source: () => TimelineSource) {
  /** What was computed for each snapshot's weights (same object as the snapshot's value). */
  let computedFor = new WeakMap<Weights, { flow: GradientFlow; gradient: Weights }>();
  let series: SnapshotSeries<Weights> | null = null;
  /** Bumped whenever a snapshot or its figures arrive. */
  const revision = ref(0);
  /** The iteration of the moment shown, or null to follow the live weights. */
  const scrubbedIteration = ref<number | null>(null);
  /** The snapshot weights of the job in the worker, by iteration. */
  let requested = new Map<number, Weights>();
  let pending = false;
  let seenWeights: Weights | null = null;

  const computer = new InsideComputer((reply, job) => {
    pending = false;
    if (job.kind === 'moments' && reply.result?.kind === 'moments') {
      const figures = reply.result.figures;
      const kept = new Set(series?.snapshots.map((s) => s.value));
      job.items.forEach((item, k) => {
        const weights = requested.get(item.iteration);
        if (weights && kept.has(weights) && figures[k]) computedFor.set(weights, figures[k]!);
      });
      revision.value++;
    }
    requested = new Map();
    requestMissing();
  });

  /**
   * Asks for the snapshots that have no figures yet, newest first, as many
   * as one job takes; the next batch follows when it is done, so 200
   * snapshots of a finished run are all computed within a few jobs.
   */
  function requestMissing(): void {
    const { config, training } = source();
    if (!series || !config || pending) return;
    const snapshots = series.snapshots;
    const most = training ? 1 : momentsPerJob(config);
    const items: MomentItem[] = [];
    for (let i = snapshots.length - 1; i >= 0 && items.length < most; i--) {
      const s = snapshots[i]!;
      if (!computedFor.has(s.value)) items.push({ iteration: s.iteration, weights: s.value });
    }
    if (items.length === 0) return;
    pending = true;
    requested = new Map(items.map((item) => [item.iteration, item.weights]));
    computer.request({ kind: 'moments', items, config });
  }

  // A run that holds still gets every snapshot's figures at once.
  watch(
    () => source().training ?? false,
    (training) => {
      if (!training) requestMissing();
    },
  );

  watch(
    () => [source().snapshots, source().weights] as const,
    ([snapshots, weights]) => {
      // The record is re-announced every frame while training; only a new series or new weights matter.
      if (snapshots === series && weights === seenWeights) return;
      seenWeights = weights;
      if (snapshots !== series) {
        series = snapshots;
        computedFor = new WeakMap();
        scrubbedIteration.value = null;
      }
      revision.value++;
      // A job under way finishes first; the next one starts from the newest snapshot.
      requestMissing();
    },
    { immediate: true },
  );
  onScopeDispose(() => computer.dispose());

  /** The snapshots whose figures are known, oldest first (a fresh array on every change). */
  /**
   * The same list as last time when nothing in it changed: the record is
   * announced every frame while training, and the views drawing all 200
   * moments (the flow heatmap, the histograms) should redraw only when one came or went.
   */
  function unchanged(next: Snapshot<Weights>[], previous: Snapshot<Weights>[]): boolean {
    return next.length === previous.length && next.every((m, i) => m.iteration === previous[i]!.iteration && m.value === previous[i]!.value);
  }
  let lastMoments: Snapshot<Moment>[] = [];
  let lastMomentValues: Snapshot<Weights>[] = [];
  const moments = computed((): Snapshot<Moment>[] => {
    void revision.value;
    const out: Snapshot<Moment>[] = [];
    const values: Snapshot<Weights>[] = [];
    for (const s of series?.snapshots ?? []) {
      const figures = computedFor.get(s.value);
      if (!figures) continue;
      values.push({ iteration: s.iteration, value: s.value });
      out.push({ iteration: s.iteration, value: { weights: s.value, ...figures } });
    }
    if (unchanged(values, lastMomentValues)) return lastMoments;
    lastMomentValues = values;
    lastMoments = out;
    return out;
  });
  /**
   * What the slider steps through: every kept snapshot, at once (the
   * inspector, the probe and the hidden states need the weights alone; the
   * gradient-flow and distribution views show each moment once its figures come).
   */
  let lastTimeline: Snapshot<Weights>[] = [];
  const timeline = computed((): Snapshot<Weights>[] => {
    void revision.value;
    const next = [...(series?.snapshots ?? [])];
    if (unchanged(next, lastTimeline)) return lastTimeline;
    lastTimeline = next;
    return next;
  });
  const latestFlow = computed(() => moments.value[moments.value.length - 1]?.value.flow ?? null);
  /** The latest entry of `list` at or before the scrubbed iteration (the first when none is); null when following the live weights. */
  function atScrubbed<T>(list: readonly Snapshot<T>[]): Snapshot<T> | null {
    const at = scrubbedIteration.value;
    if (at === null) return null;
    let found: Snapshot<T> | null = null;
    for (const m of list) if (m.iteration <= at) found = m;
    return found ?? list[0] ?? null;
  }
  const shownMoment = computed(() => atScrubbed(moments.value));
  /** The weights the inspector, the probe and the hidden-state view show. */
  const shownWeights = computed(() => atScrubbed(timeline.value)?.value ?? source().weights);
  /** The sample's gradient flow at the shown weights. */
  const shownFlow = computed(() => (shownMoment.value ? shownMoment.value.value.flow : latestFlow.value));

  return { moments, timeline, scrubbedIteration, shownWeights, shownFlow };
}
