import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { REFERENCE_PRESET } from '../../../shared/rnn/config';
import { Trainer } from '../../../shared/rnn/index';
import { loadStudioApi } from '../../../renderer/src/hosts/studioApi';
import { useModelStore } from '../../../renderer/src/stores/model';
import { useNoticeStore } from '../../../renderer/src/stores/notices';
import { useRunStore } from '../../../renderer/src/stores/run';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { installFakeHost, until, type FakeHost } from './fakeHost';

let host: FakeHost;

async function setUp(settings: Record<string, unknown> = { ...REFERENCE_PRESET, seed: 5, iterations: 400 }) {
  host = installFakeHost(settings);
  setActivePinia(createPinia());
  await loadStudioApi();
  const run = useRunStore();
  await run.init();
  await until(() => run.state === 'paused' && useModelStore().weights !== null);
  return { run, settings: useSettingsStore(), model: useModelStore(), notices: useNoticeStore() };
}

async function trainToEnd(run: ReturnType<typeof useRunStore>): Promise<void> {
  await run.train();
  await until(() => run.state === 'finished');
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

    await run.reset();
    expect(host.confirmations).toHaveLength(1);
    await until(() => run.state === 'paused' && model.iterations === 0 && model.weights !== null);
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
    await run.train();
    await until(() => run.iteration > 1000);
    settings.set('learningRate', '0.5');
    await until(() => host.posted.some((m) => m.type === 'setLearningRate'));
    expect(host.posted.find((m) => m.type === 'setLearningRate')).toEqual({ type: 'setLearningRate', learningRate: 0.5 });
    expect(model.config?.learningRate).toBe(0.5);
    const marks = model.curves.learningRateMarks();
    expect(marks.at(-1)?.learningRate).toBe(0.5);
    expect(marks.at(-1)!.iteration).toBeGreaterThan(0);
    run.stop();
    await until(() => run.state === 'stopped');
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
    settings.set('hiddenSize', '8');
    await until(() => model.config?.hiddenSize === 8 && model.weights?.V!.shape[0] === 8);
    expect(run.pendingShapeChanges).toEqual([]);

    await trainToEnd(run);
    settings.set('hiddenSize', '12');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(model.config?.hiddenSize).toBe(8);
    expect(run.pendingShapeChanges).toEqual(['Hidden size']);
  });

  it('steps one iteration and a hundred', async () => {
    const { run, model } = await setUp();
    await run.step(1);
    await until(() => model.iterations === 1 && run.state === 'paused');
    await run.step(100);
    await until(() => model.iterations === 101 && run.state === 'paused');
    expect(model.curves.iterations).toBe(101);
  });

  it('adopts an opened model: its settings, history and weights, ready to train on from where it stopped', async () => {
    const { run, settings, model } = await setUp();
    const config = { ...REFERENCE_PRESET, hiddenSize: 6, seed: 9, iterations: 300 };
    const trainer = new Trainer(config);
    const losses = new Float64Array(300);
    trainer.train(300, losses);
    const opened = {
      config,
      weights: trainer.weights(),
      training: { iterations: 300, lastLoss: losses[299]!, accuracy: 0.5, bitAccuracy: 0.9, seed: 9, elapsedSeconds: 1 },
      lossHistory: { stride: 1, values: losses },
    };
    await run.adopt({ model: opened, name: 'six.rnnmodel', path: null });
    await until(() => run.state === 'paused');
    expect(settings.values.hiddenSize).toBe('6');
    expect(model.fileName).toBe('six.rnnmodel');
    expect(model.dirty).toBe(false);
    expect(model.curves.iterations).toBe(300);
    expect(run.accuracy?.exact).toBe(0.5);

    await trainToEnd(run);
    expect(model.iterations).toBe(600);
    const continued = new Trainer(config);
    const all = new Float64Array(600);
    continued.train(600, all);
    expect(Array.from(model.weights!.W!.data)).toEqual(Array.from(continued.weights().W!.data));
    expect(model.toModel()!.lossHistory.values.length).toBe(600);
  });
});
