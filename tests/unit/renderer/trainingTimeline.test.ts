/**
 * The timeline the inside-training views read: the run record's snapshots,
 * each with the core's gradient flow at its weights, and the moment shown.
 * (In Node there is no Worker, so the figures are computed in place, as a
 * host without workers would.)
 */

import { describe, expect, it, vi } from 'vitest';
import { effectScope, shallowRef } from 'vue';
import { createRandom, initWeights, resolveConfig, type TrainConfig, type Weights } from '@shared/rnn';
import { flowSamplePairs, sampleGradientFlow } from '@shared/rnn/inspect';
import { RunRecorder } from '@shared/run/runRecorder';
import { useTrainingTimeline } from '@/inside/useTrainingTimeline';

const config = resolveConfig({ bits: 5, hiddenSize: 3, seed: 4, activation: 'tanh' });
const weightsWith = (scale: number, of: TrainConfig = config): Weights => {
  const w = initWeights(of, createRandom('xoshiro', 4));
  for (const t of Object.values(w)) t!.data.forEach((v, i, d) => (d[i] = v * scale));
  return w;
};

/** The timeline over the record of a run of `of`, as the studio builds it, and the snapshot messages that feed the record. */
function timelineOf(of: TrainConfig) {
  const recorder = new RunRecorder();
  recorder.begin({ config: of });
  const record = shallowRef(recorder.record);
  const scope = effectScope();
  const timeline = scope.run(() =>
    useTrainingTimeline(() => ({ snapshots: record.value.snapshots, weights: record.value.weights, iteration: record.value.iteration, config: record.value.config })),
  )!;
  return {
    timeline,
    scope,
    /** Takes a snapshot message and announces the record, as the model store does. */
    snapshot(iteration: number, weights: Weights): void {
      recorder.receive({ type: 'snapshot', iteration, weights });
      record.value = { ...recorder.record };
    },
    restart(): void {
      recorder.begin({ config: of });
      record.value = { ...recorder.record };
    },
  };
}

describe('the training timeline', () => {
  it("pairs every snapshot with the core's gradient flow, and shows the one picked", async () => {
    const { timeline, scope, snapshot, restart } = timelineOf(config);
    const early = weightsWith(1), late = weightsWith(0.5);
    snapshot(0, early);
    snapshot(400, late);

    await vi.waitFor(() => expect(timeline.moments.value.map((m) => m.iteration)).toEqual([0, 400]), { timeout: 3000 });
    const expected = sampleGradientFlow(late, config, flowSamplePairs(config)).flow;
    expect(Array.from(timeline.shownFlow.value!.dLdh)).toEqual(Array.from(expected.dLdh));
    expect(timeline.shownWeights.value).toBe(late);

    timeline.scrubbedIteration.value = 0;
    expect(timeline.shownWeights.value).toBe(early);
    expect(Array.from(timeline.shownFlow.value!.dV)).toEqual(Array.from(sampleGradientFlow(early, config, flowSamplePairs(config)).flow.dV));

    // A new model starts a new timeline and goes back to the live weights.
    restart();
    await vi.waitFor(() => expect(timeline.moments.value).toEqual([]));
    expect(timeline.scrubbedIteration.value).toBeNull();
    scope.stop();
  });

  it("steps a gated cell's slider through every snapshot's weights, with each gate's figures", async () => {
    const lstm = resolveConfig({ bits: 5, hiddenSize: 3, seed: 4, cell: 'lstm' });
    const { timeline, scope, snapshot } = timelineOf(lstm);
    const early = weightsWith(1, lstm), late = weightsWith(0.5, lstm);
    snapshot(0, early);
    snapshot(300, late);
    expect(timeline.timeline.value.map((s) => s.iteration)).toEqual([0, 300]);
    expect(timeline.shownWeights.value).toBe(late);
    timeline.scrubbedIteration.value = 100;
    expect(timeline.shownWeights.value).toBe(early);
    timeline.scrubbedIteration.value = null;
    await vi.waitFor(() => expect(timeline.moments.value.map((m) => m.iteration)).toEqual([0, 300]), { timeout: 3000 });
    expect(Object.keys(timeline.shownFlow.value!.gates!)).toEqual(['i', 'o', 'f', 'c']);
    scope.stop();
  });

  it('follows the newest snapshot alone while training, and computes every one once the run holds still', async () => {
    const recorder = new RunRecorder();
    recorder.begin({ config });
    const record = shallowRef(recorder.record);
    const training = shallowRef(true);
    const scope = effectScope();
    const timeline = scope.run(() =>
      useTrainingTimeline(() => ({ snapshots: record.value.snapshots, weights: record.value.weights, iteration: record.value.iteration, config: record.value.config, training: training.value })),
    )!;
    for (let i = 0; i < 6; i++) {
      recorder.receive({ type: 'snapshot', iteration: i * 100, weights: weightsWith(1 + i / 10) });
      record.value = { ...recorder.record };
    }
    await vi.waitFor(() => expect(timeline.moments.value.length).toBeGreaterThan(0), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // One job at a time, the newest first: the older snapshots wait.
    expect(timeline.moments.value.map((m) => m.iteration)).toEqual([500]);
    training.value = false;
    await vi.waitFor(() => expect(timeline.moments.value.map((m) => m.iteration)).toEqual([0, 100, 200, 300, 400, 500]), { timeout: 3000 });
    scope.stop();
  });
});
