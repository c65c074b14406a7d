/** A sweep run in shards and merged is the sweep one machine runs: the same lines, order aside. */

import { readFile, readdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempDirForFile } from './runCli';

const temp = tempDirForFile();
const GRID = ['--hidden', '8,16', '--lr', '0.1,0.5', '--seeds', '1-3', '--until-accuracy', '0.5', '--eval-every', '50', '--iterations', '3000', '--workers', '1'];

type Line = Record<string, unknown>;

function parseLines(text: string): Line[] {
  return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Line);
}

/** The run lines without their timing, sorted; and the summary. */
function contents(text: string): { runs: string[]; summary: Line } {
  const lines = parseLines(text);
  const runs = lines.filter((l) => !('summary' in l)).map(({ seconds: _seconds, ...rest }) => JSON.stringify(rest));
  return { runs: runs.sort(), summary: lines.find((l) => 'summary' in l)!.summary as Line };
}

function ok(result: CliResult): CliResult {
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe('cli sweep in shards', () => {
  it('runs a grid in 3 shards whose merge equals the run on one machine, order aside', async () => {
    const single = ok(await runCli(['sweep', ...GRID, '--out', temp.at('single.jsonl'), '--models', temp.at('single-models')]));
    expect(single.stdout).toBe('');
    // Shard 1 by its number, 2 as a Kubernetes Indexed Job's pod, 3 as a Slurm array task of an array from 1.
    await Promise.all([
      runCli(['sweep', ...GRID, '--shard', '1/3', '--out', temp.at('shard-1.jsonl'), '--models', temp.at('shard-models')]).then(ok),
      runCli(['sweep', ...GRID, '--shard', 'auto/3', '--out', temp.at('shard-2.jsonl'), '--models', temp.at('shard-models')], { env: { JOB_COMPLETION_INDEX: '1' } }).then(ok),
      runCli(['sweep', ...GRID, '--shard', 'auto/3', '--out', temp.at('shard-3.jsonl')], { env: { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1' } }).then(ok),
    ]);
    const shards = await Promise.all([1, 2, 3].map(async (k) => parseLines(await readFile(temp.at(`shard-${k}.jsonl`), 'utf8'))));
    // Disjoint slices: runs K, K + 3, K + 6, … of the 12.
    shards.forEach((lines, i) => {
      const numbers = lines.filter((l) => !('summary' in l)).map((l) => (l.grid as { run: number }).run).sort((a, b) => a - b);
      expect(numbers).toEqual([1, 4, 7, 10].map((n) => n + i));
      expect(lines.at(-1)!.summary).toMatchObject({ runs: 4, shard: { index: i + 1, count: 3 }, grid: { runs: 12 } });
    });

    const merged = ok(await runCli(['sweep', 'merge', temp.at('shard-2.jsonl'), temp.at('shard-3.jsonl'), temp.at('shard-1.jsonl'), '--out', temp.at('merged.jsonl')]));
    expect(merged.stdout + merged.stderr).toBe('');
    const one = contents(await readFile(temp.at('single.jsonl'), 'utf8'));
    const text = await readFile(temp.at('merged.jsonl'), 'utf8');
    const all = contents(text);
    expect(all.runs).toHaveLength(12);
    expect(all.runs).toEqual(one.runs);
    expect(one.summary.reached).toBeGreaterThan(0);
    expect(all.summary).toEqual({ runs: 12, reached: one.summary.reached, succeeded: one.summary.succeeded, seconds: expect.any(Number), workers: 3, grid: one.summary.grid, shards: 3 });
    // In the grid's order.
    expect(parseLines(text).slice(0, -1).map((l) => (l.grid as { run: number }).run)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // The shards' model files are named as one machine names them.
    const singleModels = (await readdir(temp.at('single-models'))).sort();
    expect((await readdir(temp.at('shard-models'))).sort()).toEqual(singleModels.filter((name) => [1, 2].includes((Number(/^run-(\d+)/.exec(name)![1]) - 1) % 3 + 1)));
  });

  it('merges from stdout, keeps a run found twice once, and names the runs no file holds', async () => {
    const args = ['sweep', '--hidden', '4', '--seeds', '1-6', '--iterations', '100', '--workers', '1'];
    for (const k of [1, 2, 3]) ok(await runCli([...args, '--shard', `${k}/3`, '--out', temp.at(`small-${k}.jsonl`)]));
    const twice = ok(await runCli(['sweep', 'merge', temp.at('small-1.jsonl'), temp.at('small-2.jsonl'), temp.at('small-1.jsonl'), temp.at('small-3.jsonl')]));
    expect(contents(twice.stdout).runs).toHaveLength(6);
    expect(twice.stderr).toBe('Note: run 1 is in small-1.jsonl and small-1.jsonl; kept once.\nNote: run 4 is in small-1.jsonl and small-1.jsonl; kept once.\n');

    const partial = await runCli(['sweep', 'merge', temp.at('small-1.jsonl'), temp.at('small-3.jsonl'), '--out', temp.at('partial.jsonl')]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toBe("rnn-studio: 2 of the grid's 6 runs are in none of the files: 2, 5; they belong to --shard 2/3; the merge holds the other 4\n");
    expect(contents(await readFile(temp.at('partial.jsonl'), 'utf8')).summary).toMatchObject({ runs: 4, grid: { runs: 6 } });
  });

  it('refuses shards of another grid, lines without a grid, and an --out that is an input', async () => {
    ok(await runCli(['sweep', '--hidden', '4', '--seeds', '1-2', '--iterations', '100', '--shard', '1/2', '--workers', '1', '--out', temp.at('grid-a.jsonl')]));
    ok(await runCli(['sweep', '--hidden', '4', '--seeds', '1-2', '--iterations', '101', '--shard', '2/2', '--workers', '1', '--out', temp.at('grid-b.jsonl')]));
    const [a, b] = await Promise.all(['grid-a', 'grid-b'].map(async (n) => (parseLines(await readFile(temp.at(`${n}.jsonl`), 'utf8'))[0]!.grid as { hash: string }).hash));
    expect(a).not.toBe(b);
    const mixed = await runCli(['sweep', 'merge', temp.at('grid-a.jsonl'), temp.at('grid-b.jsonl'), '--out', temp.at('mixed.jsonl')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe(`rnn-studio: ${temp.at('grid-b.jsonl')} is a shard of another grid (${b}) than ${temp.at('grid-a.jsonl')} (${a}); merge joins the shards of one sweep\n`);
    expect(await readdir(temp.path)).not.toContain('mixed.jsonl');

    const old = temp.at('old.jsonl');
    await writeFile(old, '{"config":{"seed":1},"iterations":1}\n');
    expect((await runCli(['sweep', 'merge', old])).stderr).toBe(`rnn-studio: ${old} line 1 has no grid (a line of an earlier version): merge needs the grid's hash and the run's place in every line\n`);
    const onItself = await runCli(['sweep', 'merge', temp.at('grid-a.jsonl'), '--out', temp.at('grid-a.jsonl')]);
    expect(onItself.code).toBe(2);
    expect(onItself.stderr).toMatch(/is one of the files being merged/);
  });

  it.each([
    [['--shard', '1/2'], {}, '--shard needs the seeds given (--seeds or --seed): every shard must expand the same grid'],
    [['--seeds', '1-4', '--shard', '3/2'], {}, '--shard 3/2: K must be from 1 to 2; got 3'],
    [['--seeds', '1-4', '--shard', '0/2'], {}, '--shard 0/2: K must be from 1 to 2; got 0'],
    [['--seeds', '1-4', '--shard', 'half'], {}, /^rnn-studio: --shard must be K\/N \(the K-th of N slices/],
    [['--seeds', '1-4', '--shard', 'auto/2'], {}, '--shard auto/2 takes the shard from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (a Slurm job array); neither is set'],
    [['--seeds', '1-4', '--shard', 'auto/2'], { JOB_COMPLETION_INDEX: '2' }, '--shard auto/2: JOB_COMPLETION_INDEX is 2; an Indexed Job of 2 completions has indices 0 to 1'],
    [['--seeds', '1-4', '--shard', 'auto/2'], { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '0' }, '--shard auto/2: SLURM_ARRAY_TASK_ID is 2 in an array from 0; an array of 2 tasks runs 0 to 1'],
  ] as const)('refuses %j (environment %j) with one line', async (args, env, message) => {
    // The scheduler's variables of the machine running the tests stay out of it.
    const result = await runCli(['sweep', '--iterations', '10', ...args], { env: { JOB_COMPLETION_INDEX: undefined, SLURM_ARRAY_TASK_ID: undefined, SLURM_ARRAY_TASK_MIN: undefined, ...env } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    if (typeof message === 'string') expect(result.stderr).toBe(`rnn-studio: ${message}\n`);
    else expect(result.stderr).toMatch(message);
  });
});
