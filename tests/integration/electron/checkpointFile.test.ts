/** The main process's checkpoint files on real files: one per window, kept, replaced atomically, validated, removed, and taken over after a crash. */

import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointFiles } from '../../../electron/main/services/checkpointFile';
import { FileServiceError, ModelFiles } from '../../../electron/main/services/modelFiles';
import { MODEL_VERSION, type Model } from '@shared/model-file/model';
import { TrainingLoop, resolveConfig } from '@shared/rnn/index';
import { serializeModel } from '@shared/model-file/modelFile';

let root: string;
let folder: string;
let legacy: string;
let logged: string[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rnn-studio-checkpoint-'));
  folder = join(root, 'checkpoints');
  legacy = join(root, 'checkpoint.rnnmodel');
  logged = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The service as a launch of the studio makes it. */
const launch = () => new CheckpointFiles(folder, new ModelFiles(), (line: string) => logged.push(line), legacy);

/** A model in the middle of a run, with the state to continue it. */
function midRun(iterations: number): Model {
  const config = resolveConfig({ seed: 8, optimizer: 'adam', learningRate: 0.01, rng: 'xoshiro' });
  const trainer = new TrainingLoop(config);
  trainer.train(iterations, new Float64Array(iterations));
  const { weights, iteration, ...state } = trainer.state();
  return {
    config, weights, state,
    training: { iterations: iteration, lastLoss: 0.5, accuracy: null, bitAccuracy: null, seed: config.seed, elapsedSeconds: 1 },
    lossHistory: { stride: 1, values: new Float64Array(iterations).fill(0.5) },
  };
}

describe('CheckpointFiles', () => {
  it('has none at first, keeps the latest model of a window with its full state, and removes it', async () => {
    const checkpoints = launch();
    expect(await checkpoints.load(1)).toBeNull();
    await checkpoints.save(1, midRun(10));
    const later = midRun(30);
    await checkpoints.save(1, later);
    const loaded = await checkpoints.load(1);
    expect(loaded?.training.iterations).toBe(30);
    expect(loaded?.state).toEqual(later.state);
    expect(loaded?.weights).toEqual(later.weights);
    expect(await readdir(folder)).toHaveLength(1); // one file, no temporary files left
    await checkpoints.clear(1);
    expect(await readdir(folder)).toEqual([]);
    expect(await checkpoints.load(1)).toBeNull();
    await checkpoints.clear(1); // nothing to remove is not an error
  });

  it('keeps each window its own checkpoint, and after a crash offers each to one window of the next launch, newest first', async () => {
    const before = launch();
    await before.save(1, midRun(10));
    await before.save(2, midRun(20));
    expect(await before.load(1)).toMatchObject({ training: { iterations: 10 } });
    expect(await before.load(2)).toMatchObject({ training: { iterations: 20 } });
    // The second window's file is the newer one.
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(2);
    await utimes(join(folder, files[0]!), new Date(1000), new Date(1000));

    // The process dies; the next launch's windows take them over one each.
    const after = launch();
    expect((await after.load(7))?.training.iterations).toBe(20);
    expect((await after.load(7))?.training.iterations).toBe(20); // a reload of the same window: still its own
    expect((await after.load(8))?.training.iterations).toBe(10);
    expect(await after.load(9)).toBeNull();
    // Each window now checkpoints to the file it took over, and clears only its own.
    await after.save(8, midRun(40));
    await after.clear(7);
    expect(await readdir(folder)).toHaveLength(1);
    expect((await launch().load(1))?.training.iterations).toBe(40);
  });

  it("leaves a closed window's checkpoint for a later window, and takes over the single file of earlier versions", async () => {
    await writeFile(legacy, serializeModel(midRun(5)));
    const checkpoints = launch();
    await checkpoints.save(1, midRun(15));
    checkpoints.release(1);
    await utimes(legacy, new Date(1000), new Date(1000));
    expect((await checkpoints.load(2))?.training.iterations).toBe(15);
    expect((await checkpoints.load(3))?.training.iterations).toBe(5);
    await checkpoints.clear(3);
    expect(await readdir(root)).toEqual(['checkpoints']);
  });

  it('refuses what the page sends when it is not a valid model, and keeps the checkpoint it had', async () => {
    const checkpoints = launch();
    await checkpoints.save(1, midRun(10));
    const bad = midRun(20);
    (bad.state!.optimizer as { t: number }).t = -1;
    await expect(checkpoints.save(1, bad)).rejects.toThrow(FileServiceError);
    await expect(checkpoints.save(1, { weights: 'no' })).rejects.toThrow(/^The model cannot be saved: /);
    expect((await checkpoints.load(1))?.training.iterations).toBe(10);
  });

  it('removes a damaged checkpoint, logs why, and offers the next one instead', async () => {
    await mkdir(folder);
    await writeFile(join(folder, '2-damaged.rnnmodel'), '{"format": "rnn-studio-model", "version": 2, "config": ');
    await writeFile(join(folder, '1-good.rnnmodel'), serializeModel(midRun(12)));
    await utimes(join(folder, '1-good.rnnmodel'), new Date(1000), new Date(1000));
    expect((await launch().load(1))?.training.iterations).toBe(12);
    expect(await readdir(folder)).toEqual(['1-good.rnnmodel']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^the checkpoint .*2-damaged\.rnnmodel was removed: "2-damaged\.rnnmodel" cannot be opened: not a model file/);
  });

  it('keeps a checkpoint a newer studio wrote, says so, and neither restores nor overwrites it', async () => {
    await mkdir(folder);
    const newer = join(folder, '3-newer.rnnmodel');
    const text = serializeModel(midRun(20)).replace(`"version": ${MODEL_VERSION}`, `"version": ${MODEL_VERSION + 1}`);
    await writeFile(newer, text);
    await writeFile(join(folder, '1-older.rnnmodel'), serializeModel(midRun(12)));
    await utimes(join(folder, '1-older.rnnmodel'), new Date(1000), new Date(1000));

    const checkpoints = launch();
    // The newest is the newer studio's: passed over for the next one.
    expect((await checkpoints.load(1))?.training.iterations).toBe(12);
    expect(logged).toEqual([
      `the checkpoint ${newer} was written by a newer RNN Studio (model file version ${MODEL_VERSION + 1}; this one reads version ${MODEL_VERSION}): it is kept for that version, not restored here`,
    ]);
    // A second window finds nothing it may take; its own checkpoint goes to a file of its own.
    expect(await checkpoints.load(2)).toBeNull();
    await checkpoints.save(2, midRun(30));
    expect(await readFile(newer, 'utf8')).toBe(text);
    expect(await readdir(folder)).toHaveLength(3);
    // And the next launch keeps it as well.
    expect((await launch().load(1))?.training.iterations).toBe(30);
    expect(await readFile(newer, 'utf8')).toBe(text);
  });
});
