/** A sweep's files when something is in the way: a model that cannot be saved, a lines file that cannot grow, a second sweep on the same file. */

import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, ROOT, readModel, runCli, startCli, tempDirForFile } from './runCli';

const posix = process.platform !== 'win32';
const temp = tempDirForFile();

function lines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The messages of the CLI itself on stderr (the progress lines aside). */
const messages = (result: CliResult): string[] => result.stderr.split('\n').filter((l) => l.startsWith('rnn-studio:'));

/** The CLI with files limited to `blocks` × 512 bytes (ulimit -f): a write past it fails as one on a full disk does. */
function withFileLimit(blocks: number, args: readonly string[]): Promise<CliResult> {
  const child = spawn('sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$@"`, process.execPath, '--import', 'tsx', join(ROOT, 'cli/main.ts'), ...args], { cwd: ROOT });
  let stdout = '', stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('cli sweep --models when a model cannot be saved', () => {
  it('ends with exit 2 and one line naming the file, keeping the lines and the models saved before it', async () => {
    const models = temp.at('blocked');
    // A folder where the second run's model file goes.
    await mkdir(join(models, 'run-0002-seed2.rnnmodel'), { recursive: true });
    const result = await runCli(['sweep', '--seeds', '1-4', '--iterations', '200', '--workers', '1', '--models', models]);
    expect(result.code).toBe(2);
    expect(messages(result)).toEqual([`rnn-studio: cannot write ${join(models, 'run-0002-seed2.rnnmodel')}: it is a folder, not a file`]);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    const written = lines(result.stdout);
    const runs = written.filter((l) => !('summary' in l));
    expect(runs.map((r) => (r.config as { seed: number }).seed).slice(0, 2)).toEqual([1, 2]);
    expect(written.at(-1)).toMatchObject({ summary: { runs: runs.length } });
    expect((await readModel(join(models, 'run-0001-seed1.rnnmodel'))).config.seed).toBe(1);
  });
});

describe.runIf(posix)('cli sweep --out that cannot grow (as on a full disk)', () => {
  it('ends with exit 2 and one line, the file holding only whole lines', async () => {
    const out = temp.at('limited.jsonl');
    const result = await withFileLimit(2, ['sweep', '--seeds', '1-6', '--iterations', '50', '--workers', '1', '--out', out]);
    expect(result.code).toBe(2);
    expect(messages(result)).toEqual([`rnn-studio: cannot write ${out}: the file would be larger than this system allows`]);
    const text = await readFile(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const runs = lines(text);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((r) => (r.config as { seed: number }).seed)).toEqual(runs.map((_, i) => i + 1));
    expect(await readdir(temp.path)).not.toContain('.limited.jsonl.lock');
  });
});

describe('two sweeps and one --out', () => {
  it('refuses the second while the first writes, and the first keeps every line whole', async () => {
    const out = temp.at('shared.jsonl');
    const first = startCli(['sweep', '--seeds', '1-400', '--iterations', '20000', '--workers', '1', '--out', out]);
    await new Promise<void>((resolve) => {
      let stderr = '';
      first.child.stderr!.on('data', (chunk: string) => (stderr += chunk).includes('runs ') && resolve());
    });
    const second = await runCli(['sweep', '--seeds', '41-80', '--iterations', '2000', '--workers', '1', '--out', out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(
      `rnn-studio: ${out} is being written by another sweep (process ${first.child.pid}); choose another --out, or wait for it (if none runs, remove ${temp.at('.shared.jsonl.lock')})\n`,
    );
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(130);
    const written = lines(await readFile(out, 'utf8'));
    const runs = written.slice(0, -1);
    expect(runs.map((r) => (r.config as { seed: number }).seed)).toEqual(runs.map((_, i) => i + 1));
    expect(written.at(-1)).toMatchObject({ summary: { runs: runs.length } });
    expect(await readdir(temp.path)).not.toContain('.shared.jsonl.lock');
  });

  it('takes over the lock of a sweep that no longer runs', async () => {
    const out = temp.at('stale.jsonl');
    // A process id no process has: a sweep killed with kill -9 left it.
    await writeFile(temp.at('.stale.jsonl.lock'), '4194304999\n');
    const result = await runCli(['sweep', '--seeds', '1-2', '--iterations', '50', '--workers', '1', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(lines(await readFile(out, 'utf8'))).toHaveLength(3);
    expect(await readdir(temp.path)).not.toContain('.stale.jsonl.lock');
  });
});
