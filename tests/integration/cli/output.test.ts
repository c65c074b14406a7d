import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readModel, refusal, ROOT, runCli, startCli, tempDirForFile, trainedModelForFile } from './runCli';

const posix = process.platform !== 'win32';
const temp = tempDirForFile();
const good = trainedModelForFile(temp, 'good.rnnmodel', ['--iterations', '50', '--seed', '3']);

/** Runs the CLI with stdout on /dev/full, as `… > /dev/full` does. */
async function intoFullDevice(args: string[]) {
  const fd = openSync('/dev/full', 'w');
  try {
    return await runCli(args, { stdout: fd });
  } finally {
    closeSync(fd);
  }
}

describe.runIf(posix)('cli output that cannot be written', () => {
  it('ends quietly when the reader of stdout has gone (eval … | true)', async () => {
    const { child, done } = startCli(['eval', good.path]);
    child.stdout!.destroy();
    const result = await done;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('says so in one line and exits 2 when stdout is full (> /dev/full)', async () => {
    const result = await intoFullDevice(['eval', good.path]);
    expect(refusal(result)).toBe('rnn-studio: cannot write the results to stdout: the disk is full');
  });

  it('keeps the saved model when train cannot print its result', async () => {
    const out = temp.at('kept.rnnmodel');
    const result = await intoFullDevice(['train', '--iterations', '30', '--seed', '2', '--out', out]);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('rnn-studio:'));
    expect(lines).toEqual(['rnn-studio: cannot write the results to stdout: the disk is full']);
    expect((await readModel(out)).training.iterations).toBe(30);
  });

  it('prints help through the same guard', async () => {
    expect((await intoFullDevice(['--help'])).code).toBe(2);
  });
});

describe('cli paths are relative to where the person stands under npm run (INIT_CWD)', () => {
  it('trains and exports into the folder npm was started in, not the repository', async () => {
    const npm = (args: string[]) => execFileSync('npm', ['--prefix', ROOT, 'run', '-s', 'cli', '--', ...args], { cwd: temp.path, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    npm(['train', '--iterations', '20', '--seed', '6', '--out', 'here.rnnmodel']);
    expect((await readModel(temp.at('here.rnnmodel'))).training.seed).toBe(6);
    npm(['train', '--from', 'here.rnnmodel', '--iterations', '5', '--out', 'later.rnnmodel']);
    expect(JSON.parse(npm(['eval', 'later.rnnmodel'])).pairs).toBe(16_384);
    npm(['export', 'later.rnnmodel', '--format', 'csv', '--out', 'weights.csv']);
    npm(['sweep', '--seeds', '1', '--iterations', '20', '--workers', '1', '--out', 'runs.jsonl', '--models', 'swept']);
    expect((await readdir(temp.path)).filter((f) => !f.startsWith('good'))).toEqual(expect.arrayContaining(['here.rnnmodel', 'later.rnnmodel', 'weights.csv', 'runs.jsonl', 'swept']));
    expect(await readdir(join(temp.path, 'swept'))).toHaveLength(1);
    expect((await readdir(ROOT)).filter((f) => /^(here|later)\.rnnmodel$|^weights\.csv$|^runs\.jsonl$|^swept$/.test(f))).toEqual([]);
  });
});
