/** The main process's checkpoint file on real files: kept, replaced atomically, validated, removed. */

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointFile } from '../../../electron/main/services/checkpointFile';
import { FileServiceError, ModelFiles } from '../../../electron/main/services/modelFiles';
import type { Model } from '@shared/model-file/model';
import { TrainingLoop, resolveConfig } from '@shared/rnn/index';

let folder: string;
let path: string;
let logged: string[];
let checkpoint: CheckpointFile;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rnn-studio-checkpoint-'));
  path = join(folder, 'checkpoint.rnnmodel');
  logged = [];
  checkpoint = new CheckpointFile(path, new ModelFiles(), (line) => logged.push(line));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

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

describe('CheckpointFile', () => {
  it('has none at first, keeps the latest model with its full state, and removes it', async () => {
    expect(await checkpoint.load()).toBeNull();
    await checkpoint.save(midRun(10));
    const later = midRun(30);
    await checkpoint.save(later);
    const loaded = await checkpoint.load();
    expect(loaded?.training.iterations).toBe(30);
    expect(loaded?.state).toEqual(later.state);
    expect(loaded?.weights).toEqual(later.weights);
    expect(await readdir(folder)).toEqual(['checkpoint.rnnmodel']); // no temporary files left
    await checkpoint.clear();
    expect(await readdir(folder)).toEqual([]);
    expect(await checkpoint.load()).toBeNull();
    await checkpoint.clear(); // nothing to remove is not an error
  });

  it('refuses what the page sends when it is not a valid model, and keeps the checkpoint it had', async () => {
    await checkpoint.save(midRun(10));
    const bad = midRun(20);
    (bad.state!.optimizer as { t: number }).t = -1;
    await expect(checkpoint.save(bad)).rejects.toThrow(FileServiceError);
    await expect(checkpoint.save({ weights: 'no' })).rejects.toThrow(/^The model cannot be saved: /);
    expect((await checkpoint.load())?.training.iterations).toBe(10);
  });

  it('removes a damaged checkpoint, logs why, and reports none', async () => {
    await writeFile(path, '{"format": "rnn-studio-model", "version": 2, "config": ');
    expect(await checkpoint.load()).toBeNull();
    expect(await readdir(folder)).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^the checkpoint .*checkpoint\.rnnmodel was removed: "checkpoint\.rnnmodel" cannot be opened: not a model file/);
  });
});
