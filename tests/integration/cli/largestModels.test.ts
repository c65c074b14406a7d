/**
 * The largest valid configuration of each cell (hidden 512, 32 bits, Adam,
 * biases on) trained by the CLI and saved in the middle of a batch, the
 * largest file a writer makes: it opens again in the CLI, in the desktop's
 * model and checkpoint files, and in the browser's checkpoint store.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointFiles } from '../../../electron/main/services/checkpointFile';
import { ModelFiles } from '../../../electron/main/services/modelFiles';
import { createIndexedDbCheckpoints } from '@/hosts/web/checkpointDb';
import type { Model } from '@shared/model-file/model';
import type { Cell } from '@shared/rnn/config';
import { jsonLine, readModel, runCli, startCli, tempDirForFile } from './runCli';

const temp = tempDirForFile();
const CELLS: readonly Cell[] = ['rnn', 'lstm', 'gru'];
const trained = new Map<Cell, { path: string; bytes: number; model: Model }>();

/** Resolves once the progress line shows `iteration` iterations done. */
function reached(child: ChildProcess, iteration: number): Promise<void> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const done = [...stderr.matchAll(/iteration (\d+)\//g)].map((m) => Number(m[1]));
      if (done.some((n) => n >= iteration)) resolve();
    });
  });
}

/** Trains past its first iteration (so Adam's moments are full numbers), then Ctrl-C lands in the middle of the next batch. */
async function trainLargest(cell: Cell): Promise<void> {
  const path = temp.at(`largest-${cell}.rnnmodel`);
  const args = ['--cell', cell, '--hidden', '512', '--bits', '32', '--optimizer', 'adam', '--lr', '0.001', '--bias', 'on', '--batch', '16', '--seed', '3'];
  const { child, done } = startCli(['train', ...args, '--iterations', '1000', '--out', path]);
  await reached(child, 1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGINT');
  const result = await done;
  expect(result.code, result.stderr).toBe(130);
  trained.set(cell, { path, bytes: (await stat(path)).size, model: await readModel(path) });
}

beforeAll(async () => {
  for (const cell of CELLS) await trainLargest(cell);
}, 180_000);

/** Whether two arrays hold the same float64s bit for bit (vitest's deep equality takes minutes over millions of numbers). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectSameModel(actual: Model | null, expected: Model): void {
  expect(actual).not.toBeNull();
  const { config, training, weights, state } = actual!;
  expect(config).toEqual(expected.config);
  expect(training).toEqual(expected.training);
  for (const [name, t] of Object.entries(expected.weights)) expect(sameBits(weights[name as 'U']!.data, t!.data), name).toBe(true);
  const [o, e] = [state!.optimizer, expected.state!.optimizer];
  if (o.kind !== 'adam' || e.kind !== 'adam') throw new Error('not an Adam state');
  expect(o.t).toBe(e.t);
  expect(sameBits(o.m, e.m) && sameBits(o.v, e.v), 'Adam moments').toBe(true);
  expect(state!.rng).toEqual(expected.state!.rng);
  const [p, q] = [state!.partialIteration, expected.state!.partialIteration];
  expect(p === undefined).toBe(q === undefined);
  if (p && q) {
    expect({ ...p, gradient: null }).toEqual({ ...q, gradient: null });
    expect(sameBits(p.gradient, q.gradient), 'partial gradient').toBe(true);
  }
}

describe.each(CELLS)('the largest %s model', (cell) => {
  it('is written whole, with its optimiser state and the batch under way', () => {
    const { model, bytes } = trained.get(cell)!;
    expect(model.config).toMatchObject({ cell, hiddenSize: 512, bits: 32, optimizer: 'adam', bias: true });
    expect(model.training.iterations).toBeGreaterThanOrEqual(1);
    expect(model.state?.optimizer.kind).toBe('adam');
    // The LSTM's file is the largest of all: past the 64 MB that readers once allowed.
    if (cell === 'lstm') {
      expect(model.state?.partialIteration?.samples).toBeGreaterThan(0);
      expect(bytes).toBeGreaterThan(64 * 1024 * 1024);
    }
  });

  it('opens in the CLI', async () => {
    const result = await runCli(['predict', trained.get(cell)!.path, '3', '74']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLine(result)).toMatchObject({ a: 3, b: 74, expected: 77 });
  });

  it('opens in the desktop studio and is kept and restored as its checkpoint', async () => {
    const { path, model } = trained.get(cell)!;
    const opened = await new ModelFiles().read(path);
    expectSameModel(opened.model, model);
    const folder = await mkdtemp(join(tmpdir(), 'rnn-largest-'));
    try {
      await new CheckpointFiles(folder, new ModelFiles()).save(1, opened.model);
      // The next launch finds it.
      expectSameModel(await new CheckpointFiles(folder, new ModelFiles()).load(1), model);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("is kept and restored as the browser studio's checkpoint", async () => {
    const { model } = trained.get(cell)!;
    const store = createIndexedDbCheckpoints(new IDBFactory(), { locks: null, session: null });
    await store.save(model);
    expectSameModel(await store.load(), model);
  });
});
