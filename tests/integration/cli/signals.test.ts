import type { ChildProcess } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
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

  describe('with the heaviest settings (LSTM, hidden 512, 32 bits, Adam, biases, batch 1024: an iteration takes most of a minute)', () => {
    const HEAVIEST = ['--cell', 'lstm', '--hidden', '512', '--bits', '32', '--optimizer', 'adam', '--lr', '0.001', '--bias', 'on', '--batch', '1024', '--iterations', '10', '--seed', '2'];

    /**
     * Each time the file is replaced: when (s, this process's clock) and the
     * training time its state holds. Training runs without a break, so its
     * time is the wall time less a constant, which the freshest write bounds.
     */
    async function watch(path: string, child: ChildProcess, writes: { landed: number; trained: number }[]): Promise<void> {
      let last = 0;
      while (child.exitCode === null && child.signalCode === null) {
        await sleep(25);
        const modified = await stat(path).then((s) => s.mtimeMs, () => 0);
        if (modified === last || modified === 0) continue;
        last = modified;
        const landed = performance.now() / 1000;
        const text = await readFile(path, 'utf8');
        const training = text.slice(text.indexOf('"training"'));
        writes.push({ landed, trained: Number(/"elapsedSeconds": ([0-9.e+-]+)/.exec(training)![1]) });
      }
    }

    it('keeps --out at most about 2 s behind the run, between the samples of a batch, and a kill -9 leaves it whole', async () => {
      const out = temp.at('heaviest-killed.rnnmodel');
      const { child, done } = startCli(['train', ...HEAVIEST, '--out', out]);
      const landings: { landed: number; trained: number }[] = [];
      const watched = watch(out, child, landings);
      // The first write formats the whole 49 MB file in a cold thread; the ones after it, within the batch, only its gradient so far.
      while (landings.length < 2) await sleep(50);
      const warm = landings.length - 1;
      await sleep(5000);
      child.kill('SIGKILL');
      const killedAt = performance.now() / 1000;
      expect((await done).signal).toBe('SIGKILL');
      await watched;
      const offset = Math.min(...landings.map((w) => w.landed - w.trained));
      // What a kill just before each write lands (and at the kill itself) loses: the training since the state it replaces.
      const lost = [...landings.slice(warm + 1).map((w, i) => w.landed - offset - landings[warm + i]!.trained), killedAt - offset - landings.at(-1)!.trained];
      expect(lost.length).toBeGreaterThanOrEqual(3);
      // About 2 s, with room for a loaded 2-core machine.
      expect(Math.max(...lost)).toBeLessThan(4);
      const saved = await savedModel(out);
      expect(saved.training.iterations).toBe(0);
      expect(saved.state?.partialIteration).toMatchObject({ batchSize: 1024 });
      expect(saved.state!.partialIteration!.samples).toBeGreaterThan(0);
    }, 60_000);

    it('stops within about a second of Ctrl-C in the middle of a batch, saving the samples done', async () => {
      const out = temp.at('heaviest-interrupted.rnnmodel');
      const { child, done } = startCli(['train', ...HEAVIEST, '--out', out]);
      await training(child);
      // Past the first checkpoint, so that one may be under way when the signal comes.
      while (!(await stat(out).catch(() => null))) await sleep(50);
      await sleep(500);
      const interrupted = performance.now();
      child.kill('SIGINT');
      const result = await done;
      const seconds = (performance.now() - interrupted) / 1000;
      expect(result.code).toBe(130);
      // About 1 s, with room for a loaded machine.
      expect(seconds).toBeLessThan(2.5);
      const model = await savedModel(out);
      const partial = model.state!.partialIteration!;
      expect(model.training.iterations).toBe(0);
      expect(partial.samples).toBeGreaterThan(0);
      expect(result.stderr).toContain(`Interrupted at iteration 0, ${partial.samples} of the 1024 samples of the next one done; saved the model to ${out}.`);
    }, 60_000);
  });
});
