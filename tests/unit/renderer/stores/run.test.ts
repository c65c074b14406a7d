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
import type { FromTrainer, ToTrainer } from '@shared/trainer/contract';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { parseRunEntry } from '@shared/run/library/runEntry';
import { usePreferencesStore } from '@/stores/preferences';

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
    // A file without a run section ends where it stopped: Train waits for a target beyond it.
    expect(settings.values.iterations).toBe('300');
    expect(run.trainBlocked).toMatch(/^The model is at iteration 300/);

    settings.set('iterations', '600');
    await trainToEnd(run);
    expect(model.iterations).toBe(600);
    const continued = new TrainingLoop(config);
    const all = new Float64Array(600);
    continued.train(600, all);
    expect(Array.from(model.weights!.W!.data)).toEqual(Array.from(continued.weights().W!.data));
    expect(model.toModel()!.lossHistory.values.length).toBe(600);
  });

  it('trains to the iteration the field names: 3 000 000 after a finished run of 400 is a target of 3 000 000', async () => {
    const { run, settings, model } = await setUp();
    await trainToEnd(run);
    expect(run.trainBlocked).toBe('The model is at iteration 400: set Train to iteration above it to train on, or Reset for a new model.');
    settings.set('iterations', '3000000');
    expect(run.trainBlocked).toBeNull();
    const started = host.nextFromTrainer(stateIs('running'));
    await run.train();
    await started;
    expect(run.target).toBe(3_000_000);
    const start = host.posted.filter((m) => m.type === 'start').at(-1)!;
    expect(start).toMatchObject({ config: { iterations: 2_999_600 } });
    const stopped = host.nextFromTrainer(stateIs('stopped'));
    run.stop();
    await stopped;
    expect(model.iterations).toBeGreaterThan(400);
  });

  it('says why Train cannot start while a field is invalid', async () => {
    const { run, settings } = await setUp();
    settings.set('hiddenSize', '0x10');
    expect(run.trainBlocked).toBe('Fix Hidden size: Hidden size must be an integer from 1 to 512; got "0x10"');
    settings.set('learningRate', '-1');
    expect(run.trainBlocked).toMatch(/^Fix 2 settings \(Hidden size, Learning rate\): /);
    settings.set('iterations', '0');
    expect(settings.errors.iterations).toBe('Train to iteration must be an integer from 1 to 1000000000; got 0');
  });

  it('restores an interrupted run heading for its own target, with its curves and snapshots', async () => {
    const { run, model, settings } = await setUp({ ...REFERENCE_PRESET, seed: 5, iterations: 5_000_000 });
    const moved = host.nextFromTrainer(stateIs('paused', 2500));
    await run.step(2500);
    await moved;
    const checkpointed = host.nextFromTrainer((m) => m.type === 'checkpoint');
    await checkpointed;
    const saved = model.toModel()!;
    expect(saved.run!.target).toBe(5_000_000);
    const snapshotsBefore = model.record.snapshots.snapshots.map((s) => s.iteration);
    expect(snapshotsBefore.length).toBeGreaterThan(2);

    const restored = host.nextFromTrainer(stateIs('paused', 2500));
    await run.adopt({ model: parseModelFile(serializeModel(saved)), name: 'Restored run', path: null }, { restored: true });
    await restored;
    expect(run.target).toBe(5_000_000);
    expect(settings.values.iterations).toBe('5000000');
    expect(model.record.snapshots.snapshots.map((s) => s.iteration)).toEqual(snapshotsBefore);
    expect(model.curves.gradNormCount).toBe(saved.run!.gradNorms.iterations.length);
    expect(model.curves.gradNormCount).toBeGreaterThan(0);
  });

  it('keeps 200 snapshots of the default run, and sends the pace and the snapshot plan with every start', async () => {
    const { run, model } = await setUp({ ...REFERENCE_PRESET, seed: 5 });
    await trainToEnd(run);
    expect(model.iterations).toBe(20_000);
    expect(model.record.snapshots.size).toBe(200);
    const start = host.posted.filter((m) => m.type === 'start').at(-1) as Extract<ToTrainer, { type: 'start' }>;
    expect(start.snapshots).toEqual({ first: 0, stride: 1, limit: 200 });
    expect(start.pace).toBeNull();
    const preferences = usePreferencesStore();
    const paced = host.nextToTrainer((m) => m.type === 'setPace');
    preferences.pace = 3;
    expect(await paced).toEqual({ type: 'setPace', pace: 3 });
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
