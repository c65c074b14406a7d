import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { trainerStateOf } from '@shared/model-file/stateSection';
import { REFERENCE_PRESET, resolveConfig, type TrainConfig } from '@shared/rnn/config';
import { TrainingLoop } from '@shared/rnn/index';
import type { Model } from '@shared/model-file/model';
import { loadStudioApi } from '@/hosts/studioApi';
import { useModelStore } from '@/stores/model';
import { useRunStore } from '@/stores/run';
import { useFileStore } from '@/stores/files';
import { useNoticeStore } from '@/stores/notices';
import { CHECKPOINT_INTERVAL_MS } from '@/stores/runCheckpoints';
import { installFakeHost, until, type FakeHost } from './fakeHost';

const SETTINGS: Partial<TrainConfig> = { ...REFERENCE_PRESET, seed: 6, optimizer: 'adam', learningRate: 0.01, iterations: 1e9 };

/** A launch of the studio: a fresh page over a host that may keep a checkpoint from the last one. */
async function launch(checkpoint: Model | null, restore = true) {
  const host: FakeHost = installFakeHost(SETTINGS);
  host.checkpoint = checkpoint;
  host.confirmAnswer = restore;
  const pinia = createPinia();
  setActivePinia(pinia);
  await loadStudioApi();
  const run = useRunStore(pinia);
  await run.init();
  await until(() => run.state === 'paused' && useModelStore(pinia).weights !== null);
  return { host, run, model: useModelStore(pinia), pinia };
}

describe('studio checkpoints', () => {
  it('checkpoints a training run, and the next launch restores it to continue exactly', async () => {
    const first = await launch(null);
    expect(first.host.checkpoint).toBeNull();
    await first.run.train();
    await until(() => first.host.checkpoint !== null, 4 * CHECKPOINT_INTERVAL_MS);
    // The page goes away mid-run: nothing else happens.
    first.host.closeTrainers();
    const kept = first.host.checkpoint!;
    const at = kept.training.iterations;
    expect(at).toBeGreaterThan(0);
    expect(kept.state?.optimizer.kind).toBe('adam');

    const second = await launch(kept);
    expect(second.host.confirmations).toHaveLength(1);
    expect(second.host.confirmations[0]).toMatch(new RegExp(`^Restore the interrupted run\\? A run was interrupted at iteration ${at.toLocaleString('en-US').replace(/,/g, ' ')} on its way to [\\d ]+\\.`));
    expect(second.model.iterations).toBe(at);
    expect(second.model.dirty).toBe(true);
    const start = second.host.posted.find((m) => m.type === 'start');
    expect(start).toMatchObject({ type: 'start', paused: true, state: { iteration: at } });

    await second.run.step(250);
    await until(() => second.model.iterations === at + 250 && second.run.state === 'paused');
    const direct = new TrainingLoop(resolveConfig(SETTINGS));
    direct.train(at + 250, new Float64Array(at + 250));
    await until(() => second.model.weights !== null && second.model.record.iteration === at + 250);
    expect(second.model.weights).toEqual(direct.weights());
    second.host.closeTrainers();
  }, 30_000);

  it('removes the checkpoint when the restore is declined', async () => {
    const first = await launch(null);
    await first.run.train();
    await until(() => first.host.checkpoint !== null, 4 * CHECKPOINT_INTERVAL_MS);
    first.host.closeTrainers();
    const second = await launch(first.host.checkpoint, false);
    expect(second.host.confirmations).toHaveLength(1);
    expect(second.host.checkpoint).toBeNull();
    expect(second.model.iterations).toBe(0);
    second.host.closeTrainers();
  }, 30_000);

  it('removes the checkpoint when the run finishes', async () => {
    const host = installFakeHost({ ...SETTINGS, iterations: 3000 });
    const pinia = createPinia();
    setActivePinia(pinia);
    await loadStudioApi();
    const run = useRunStore(pinia);
    await run.init();
    await until(() => run.state === 'paused');
    await run.step(100);
    // A paused run with unsaved work is checkpointed where it stands.
    await until(() => host.checkpoint?.training.iterations === 100);
    await run.train();
    await until(() => run.state === 'finished');
    await until(() => host.checkpoint === null);
    host.closeTrainers();
  }, 30_000);

  it('saves a running model with its full state, and goes on checkpointing what trains after the save', async () => {
    const { host, run, model, pinia } = await launch(null);
    let written: Model | null = null;
    let firstSave = true;
    host.api.saveModel = async (m) => {
      written = structuredClone(m);
      // A person takes a moment in the save dialog: a run that was training is training again before the save returns.
      if (firstSave) await until(() => run.state === 'running');
      firstSave = false;
      return { name: 'run.rnnmodel', path: null };
    };
    await run.train();
    await until(() => host.checkpoint !== null, 4 * CHECKPOINT_INTERVAL_MS);
    expect(await useFileStore(pinia).save()).toBe(true);
    const saved = written as Model | null;
    expect(saved?.state?.optimizer.kind).toBe('adam');
    expect(saved?.state && trainerStateOf(saved)?.iteration).toBe(saved?.training.iterations);
    expect(model.fileName).toBe('run.rnnmodel');
    // The run trains on after the save: that work is unsaved, so it is checkpointed again.
    const savesBefore = host.checkpointSaves;
    await until(() => host.checkpointSaves > savesBefore && host.checkpoint!.training.iterations > saved!.training.iterations, 4 * CHECKPOINT_INTERVAL_MS);
    expect(model.dirty).toBe(true);
    run.pause();
    await until(() => run.state === 'paused');
    expect(await useFileStore(pinia).save()).toBe(true);
    // Saved while holding still: nothing unsaved is left, so the checkpoint goes.
    await until(() => host.checkpoint === null);
    host.closeTrainers();
  }, 30_000);

  it('says so when an opened file holds no state to continue exactly', async () => {
    const { host, run, pinia } = await launch(null);
    const trainer = new TrainingLoop(resolveConfig(SETTINGS));
    trainer.train(50, new Float64Array(50));
    const config = trainer.config;
    await run.adopt({
      name: 'old.rnnmodel',
      path: null,
      model: {
        config, weights: trainer.weights(),
        training: { iterations: 50, lastLoss: null, accuracy: null, bitAccuracy: null, seed: config.seed, elapsedSeconds: 0 },
        lossHistory: { stride: 1, values: new Float64Array(50) },
      },
    });
    const texts = useNoticeStore(pinia).notices.map((n) => n.text);
    expect(texts).toContain('old.rnnmodel holds no optimiser or generator state (saved by an older version): training on continues from its weights alone, so it can differ from one uninterrupted run.');
    expect(host.posted.at(-1)).toMatchObject({ type: 'start', iterationsDone: 50 });
    host.closeTrainers();
  }, 30_000);
});
