import { readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { serializeModel } from '@shared/model-file/modelFile';
import type { Model } from '@shared/model-file/model';
import { MODEL_VERSION } from '@shared/model-file/model';
import { jsonLine, readModel, runCli, startCli, tempDirForFile } from './runCli';

const temp = tempDirForFile();

function expectSameBits(actual: Model, expected: Model): void {
  for (const [name, t] of Object.entries(expected.weights)) {
    const got = actual.weights[name as 'U']!.data;
    expect(got.length).toBe(t!.data.length);
    got.forEach((x, i) => {
      if (!Object.is(x, t!.data[i])) throw new Error(`${name}[${i}]: ${x} is not ${t!.data[i]}`);
    });
  }
  expect(actual.state).toEqual(expected.state);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('cli train checkpoints', () => {
  it('leaves a model at most 2 s old after kill -9, and --from on it ends where an uninterrupted run ends', async () => {
    const options = ['--seed', '9', '--optimizer', 'adam', '--lr', '0.01', '--batch', '3', '--rng', 'xoshiro'];
    const out = temp.at('killed.rnnmodel');
    const { child, done } = startCli(['train', ...options, '--iterations', '1000000000', '--out', out]);
    // Some seconds of training, then the hardest stop there is.
    await sleep(4500);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await done).signal).toBe('SIGKILL');

    const saved = await readModel(out);
    expect(killedAt - (await stat(out)).mtimeMs).toBeLessThanOrEqual(2000);
    const k = saved.training.iterations;
    expect(k).toBeGreaterThan(0);
    expect(saved.state?.optimizer).toMatchObject({ kind: 'adam', t: k });
    expect(saved.lossHistory.values.length).toBeGreaterThan(0);

    const more = 20_000;
    const continued = temp.at('continued.rnnmodel');
    const second = await runCli(['train', '--from', out, '--iterations', String(more), '--out', continued]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/Note:/);
    const whole = temp.at('whole.rnnmodel');
    expect((await runCli(['train', ...options, '--iterations', String(k + more), '--out', whole])).code).toBe(0);

    const [a, b] = [await readModel(continued), await readModel(whole)];
    expect(a.training.iterations).toBe(k + more);
    expectSameBits(a, b);
    expect(a.training.lastLoss).toBe(b.training.lastLoss);
  }, 120_000);

  it('continues a file without state from its weights, with a one-line note', async () => {
    const first = temp.at('v1.rnnmodel');
    expect((await runCli(['train', '--seed', '4', '--iterations', '500', '--out', first])).code).toBe(0);
    const model = await readModel(first);
    delete model.state;
    const json = JSON.parse(serializeModel(model));
    json.version = 1;
    await writeFile(first, JSON.stringify(json));
    const result = await runCli(['train', '--from', first, '--iterations', '500', '--out', temp.at('v1-more.rnnmodel')]);
    expect(result.code).toBe(0);
    expect(jsonLine(result).iterations).toBe(1000);
    const notes = result.stderr.split('\n').filter((l) => l.startsWith('Note:'));
    expect(notes).toEqual([`Note: ${first} holds no optimiser or generator state (a version 1 file, or saved without it); continuing from its weights alone, so the result can differ from one uninterrupted run.`]);
    const saved = await readModel(temp.at('v1-more.rnnmodel'));
    expect(saved.state).toBeDefined();
    expect(JSON.parse(await readFile(temp.at('v1-more.rnnmodel'), 'utf8')).version).toBe(MODEL_VERSION);
  }, 60_000);
});
