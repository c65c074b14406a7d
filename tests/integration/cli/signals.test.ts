import type { ChildProcess } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelFile } from '@shared/model-file/modelFile';
import { jsonLine, makeTempDir, startCli } from './runCli';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await makeTempDir()));
afterAll(() => remove());

/** Resolves once the run has drawn its first progress line, i.e. is training with its signal handlers in place. */
function training(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('it/s')) resolve();
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function savedModel(path: string) {
  const model = parseModelFile(await readFile(path, 'utf8'));
  expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return model;
}

describe.runIf(process.platform !== 'win32')('cli train under signals', () => {
  it('saves on SIGTERM like on Ctrl-C and exits 143', async () => {
    const out = join(dir, 'terminated.rnnmodel');
    const { child, done } = startCli(['train', '--iterations', '1000000000', '--seed', '5', '--out', out]);
    await training(child);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(143);
    const model = await savedModel(out);
    expect(model.training.iterations).toBeGreaterThan(0);
    expect(jsonLine(result).iterations).toBe(model.training.iterations);
    expect(result.stderr).toContain(`Interrupted at iteration ${model.training.iterations}; saved the model to ${out}.`);
  });

  it('stops a 32-bit, 512-unit run within a second of Ctrl-C, saving it unevaluated, and a second Ctrl-C does not cut the save short', async () => {
    const out = join(dir, 'large.rnnmodel');
    const { child, done } = startCli(['train', '--bits', '32', '--hidden', '512', '--iterations', '1000000', '--seed', '7', '--out', out]);
    await training(child);
    await sleep(1000);
    const interrupted = performance.now();
    child.kill('SIGINT');
    // Lands while the run stops and writes its 5 MB file.
    await sleep(150);
    const second = child.exitCode === null && child.kill('SIGINT');
    const result = await done;
    const seconds = (performance.now() - interrupted) / 1000;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(seconds).toBeLessThan(2);
    const model = await savedModel(out);
    expect(model.config).toMatchObject({ bits: 32, hiddenSize: 512 });
    expect(model.training.iterations).toBeGreaterThan(0);
    expect(model.training.accuracy).toBeNull();
    expect(model.training.bitAccuracy).toBeNull();
    expect(jsonLine(result)).toMatchObject({ iterations: model.training.iterations, accuracy: null, bitAccuracy: null });
    if (second) expect(result.stderr).toContain('Saving the model before stopping; one moment.');
    expect(result.stderr).toContain(`Interrupted at iteration ${model.training.iterations}; saved the model to ${out}. It was not evaluated, so as to stop at once; "eval ${out}" measures its accuracy.`);
  });
});
