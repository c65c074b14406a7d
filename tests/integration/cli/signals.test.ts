import type { ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonLine, readModel, startCli, tempDirForFile } from './runCli';

const temp = tempDirForFile();

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
  const model = await readModel(path);
  expect((await readdir(temp.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return model;
}

describe.runIf(process.platform !== 'win32')('cli train under signals', () => {
  it('saves on SIGTERM like on Ctrl-C and exits 143', async () => {
    const out = temp.at('terminated.rnnmodel');
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
    const out = temp.at('large.rnnmodel');
    const { child, done } = startCli(['train', '--bits', '32', '--hidden', '512', '--iterations', '1000000', '--seed', '7', '--out', out]);
    await training(child);
    await sleep(1000);
    const interrupted = performance.now();
    child.kill('SIGINT');
    // Lands while the run stops and writes its 5 MB file; much later it could land as the process
    // exits after the save, which the test would read as a save cut short.
    await sleep(20);
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
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
    expect(result.stderr).toContain('Saving the model before stopping; one moment.');
    expect(result.stderr).toContain(`Interrupted at iteration ${model.training.iterations}; saved the model to ${out}. It was not evaluated, so as to stop at once; "eval ${out}" measures its accuracy.`);
  });
});
