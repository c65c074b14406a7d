import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { REFERENCE_PRESET } from '@shared/rnn/config';
import { TrainingLoop } from '@shared/rnn/index';
import { loadStudioApi } from '@/hosts/studioApi';
import { useModelStore } from '@/stores/model';
import { useNoticeStore } from '@/stores/notices';
import { useRunStore } from '@/stores/run';
import { useSettingsStore } from '@/stores/settings';
import { installFakeHost, type FakeHost } from './fakeHost';
import type { FromTrainer } from '@shared/trainer/contract';
import { parseRunEntry } from '@shared/run/library/runEntry';

let host: FakeHost;

afterEach(() => {
  vi.useRealTimers();
});

const stateIs =
  (state: string, iteration?: number) =>
  (m: FromTrainer): boolean =>
    m.type === 'state' && m.state === state && (iteration === undefined || m.iteration === iteration);

async function setUp(settings: Record<string, unknown> = { ...REFERENCE_PRESET, seed: 5, iterations: 400 }) {
  host = installFakeHost(settings);
  // Stores are taken from this test's pinia by name: a store of an earlier test that still receives messages makes its own pinia the active one.
  const pinia = createPinia();
  setActivePinia(pinia);
  await loadStudioApi();
  const run = useRunStore(pinia);
  // The paused start's initial weights follow its first state message.
  const initialWeights = host.nextFromTrainer((m) => m.type === 'snapshot');
  await run.init();
  await initialWeights;
  expect(run.state).toBe('paused');
  return { run, settings: useSettingsStore(pinia), model: useModelStore(pinia), notices: useNoticeStore(pinia) };
}

async function trainToEnd(run: ReturnType<typeof useRunStore>): Promise<void> {
  const finished = host.nextFromTrainer((m) => m.type === 'finished');
  await run.train();
  await finished;
  expect(run.state).toBe('finished');
}

/** Runs the timers the stores set (debounced saves, the shape-change delay) and what they start. */
async function runStoreTimers(): Promise<void> {
  await nextTick();
  vi.runAllTimers();
  await new Promise((resolve) => setImmediate(resolve));
}

describe('the run store', () => {
  it('starts paused with the initial weights of the remembered settings', async () => {
    const { run, model, settings } = await setUp();
    expect(settings.values.seed).toBe('5');
    expect(model.config?.seed).toBe(5);
    expect(model.iterations).toBe(0);
    expect(model.initialWeights).toBe(model.weights);
    expect(model.weights?.V!.shape).toEqual([16, 16]);
    expect(run.target).toBe(400);
  });

  it('reruns a reset model identically: same seed, same weights, same losses', async () => {
    const { run, model } = await setUp();
    await trainToEnd(run);
    const firstWeights = model.weights!;
    const firstHistory = model.toModel()!.lossHistory;
    expect(firstHistory.values.length).toBe(400);
    expect(model.dirty).toBe(true);

    const initialWeights = host.nextFromTrainer((m) => m.type === 'snapshot' && m.iteration === 0);
    await run.reset();
    expect(host.confirmations).toHaveLength(1);
    await initialWeights;
    expect(run.state).toBe('paused');
    expect(model.iterations).toBe(0);
    await trainToEnd(run);
    expect(Array.from(model.weights!.V!.data)).toEqual(Array.from(firstWeights.V!.data));
    expect(Array.from(model.toModel()!.lossHistory.values)).toEqual(Array.from(firstHistory.values));
  });

  it('keeps trained weights when the person declines to discard them', async () => {
    const { run, model } = await setUp();
    await trainToEnd(run);
    const trained = model.weights;
    host.confirmAnswer = false;
    await run.reset();
    expect(model.weights).toBe(trained);
    expect(model.iterations).toBe(400);
  });

  it('applies a learning-rate change at once and marks it on the curves', async () => {
    const { run, settings, model } = await setUp({ ...REFERENCE_PRESET, seed: 5, iterations: 50_000_000 });
    const trained = host.nextFromTrainer((m) => m.type === 'progress' && m.iteration > 1000);
    await run.train();
    await trained;
    const changed = host.nextToTrainer((m) => m.type === 'setLearningRate');
    settings.set('learningRate', '0.5');
    expect(await changed).toEqual({ type: 'setLearningRate', learningRate: 0.5 });
    expect(model.config?.learningRate).toBe(0.5);
    const marks = model.curves.learningRateMarks();
    expect(marks.at(-1)?.learningRate).toBe(0.5);
    expect(marks.at(-1)!.iteration).toBeGreaterThan(0);
    const stopped = host.nextFromTrainer(stateIs('stopped'));
    run.stop();
    await stopped;
    expect(run.state).toBe('stopped');
    // Every progress after the change trained at the new rate.
    const after = host.delivered.slice(host.delivered.findIndex((m) => m.type === 'progress' && m.learningRate === 0.5));
    expect(after.every((m) => m.type !== 'progress' || m.learningRate === 0.5)).toBe(true);
  });

  it('refuses to train with an invalid field and says so', async () => {
    const { run, settings, notices } = await setUp();
    settings.set('hiddenSize', 'abc');
    expect(settings.valid).toBe(false);
    expect(settings.errors.hiddenSize).toBe('Hidden size must be an integer from 1 to 512; got "abc"');
    const before = host.posted.length;
    await run.train();
    expect(host.posted.length).toBe(before);
    expect(notices.notices.at(-1)?.kind).toBe('error');
  });

  it('follows shape changes on an untrained model, and asks for a reset on a trained one', async () => {
    const { run, settings, model } = await setUp();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const reshaped = host.nextFromTrainer((m) => m.type === 'snapshot' && m.weights.V!.shape[0] === 8);
    settings.set('hiddenSize', '8');
    await runStoreTimers();
    await reshaped;
    expect(model.config?.hiddenSize).toBe(8);
    expect(run.pendingShapeChanges).toEqual([]);

    await trainToEnd(run);
    const starts = host.posted.filter((m) => m.type === 'start').length;
    settings.set('hiddenSize', '12');
    await runStoreTimers();
    expect(host.posted.filter((m) => m.type === 'start')).toHaveLength(starts);
    expect(model.config?.hiddenSize).toBe(8);
    expect(run.pendingShapeChanges).toEqual(['Hidden size']);
  });

  it('steps one iteration and a hundred', async () => {
    const { run, model } = await setUp();
    const one = host.nextFromTrainer(stateIs('paused', 1));
    await run.step(1);
    await one;
    expect(model.iterations).toBe(1);
    const more = host.nextFromTrainer(stateIs('paused', 101));
    await run.step(100);
    await more;
    expect(model.iterations).toBe(101);
    expect(run.state).toBe('paused');
    expect(model.curves.iterations).toBe(101);
  });

  it('adopts an opened model: its settings, history and weights, ready to train on from where it stopped', async () => {
    const { run, settings, model } = await setUp();
    const config = { ...REFERENCE_PRESET, hiddenSize: 6, seed: 9, iterations: 300 };
    const trainer = new TrainingLoop(config);
    const losses = new Float64Array(300);
    trainer.train(300, losses);
    const opened = {
      config,
      weights: trainer.weights(),
      training: { iterations: 300, lastLoss: losses[299]!, accuracy: 0.5, bitAccuracy: 0.9, seed: 9, elapsedSeconds: 1 },
      lossHistory: { stride: 1, values: losses },
    };
    const adopted = host.nextFromTrainer(stateIs('paused', 300));
    await run.adopt({ model: opened, name: 'six.rnnmodel', path: null });
    await adopted;
    expect(run.state).toBe('paused');
    expect(settings.values.hiddenSize).toBe('6');
    expect(model.fileName).toBe('six.rnnmodel');
    expect(model.dirty).toBe(false);
    expect(model.curves.iterations).toBe(300);
    expect(run.accuracy?.exact).toBe(0.5);

    await trainToEnd(run);
    expect(model.iterations).toBe(600);
    const continued = new TrainingLoop(config);
    const all = new Float64Array(600);
    continued.train(600, all);
    expect(Array.from(model.weights!.W!.data)).toEqual(Array.from(continued.weights().W!.data));
    expect(model.toModel()!.lossHistory.values.length).toBe(600);
  });

  it('keeps the full state of a run trained to its end: saved, kept in the runs, and opened again, it continues exactly', async () => {
    const { run, model, notices } = await setUp({ ...REFERENCE_PRESET, seed: 5, iterations: 400, optimizer: 'adam', learningRate: 0.01 });
    await trainToEnd(run);
    const saved = model.toModel()!;
    const direct = new TrainingLoop(saved.config);
    direct.train(400, new Float64Array(400));
    const { weights: _weights, iteration: _iteration, ...expected } = direct.state();
    expect(saved.state).toEqual(expected);
    // The run library's copy too.
    const kept = [...host.runs.values()].map((text) => parseRunEntry(text));
    expect(kept.at(-1)!.model.state).toEqual(expected);

    await run.adopt({ model: kept.at(-1)!.model, name: 'kept run', path: null });
    expect(notices.notices.map((n) => n.text).join('\n')).not.toMatch(/older version/);
    expect(model.continuation()?.optimizer).toEqual(expected.optimizer);
  });
});
