import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PRESET } from '@shared/rnn/config';
import { type CliResult, readModel, runCli, startCli, tempDirForFile } from './runCli';

const temp = tempDirForFile();

type Line = Record<string, unknown> & { config: Record<string, unknown> };

function lines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The run lines keyed by their configuration, without the timing. */
function byConfig(result: CliResult): Map<string, unknown> {
  const runs = lines(result.stdout).filter((l) => !('summary' in l)) as Line[];
  return new Map(runs.map((l) => [JSON.stringify(l.config), { ...l, seconds: undefined }]));
}

describe('cli sweep', () => {
  it('writes one line per run with the whole configuration, then the summary', async () => {
    const result = await runCli(['sweep', '--hidden', '4,8', '--lr', '0.1,0.5', '--seeds', '1-2', '--iterations', '300', '--workers', '2']);
    expect(result.code).toBe(0);
    const all = lines(result.stdout);
    expect(all.length).toBe(9);
    const runs = all.slice(0, 8) as Line[];
    for (const run of runs) {
      expect(Object.keys(run)).toEqual(['config', 'iterations', 'reachedAt', 'accuracy', 'bitAccuracy', 'meanLoss', 'seconds', 'grid']);
      expect(run.grid).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{16}$/), run: expect.any(Number), runs: 8 });
      expect(Object.keys(run.config).sort()).toEqual([...Object.keys(REFERENCE_PRESET), 'seed'].sort());
      expect(run).toMatchObject({ iterations: 300, reachedAt: null });
      expect(run.seconds).toBeGreaterThan(0);
    }
    const combos = runs.map((r) => [r.config.hiddenSize, r.config.learningRate, r.config.seed].join(' ')).sort();
    expect(combos).toEqual(['4 0.1 1', '4 0.1 2', '4 0.5 1', '4 0.5 2', '8 0.1 1', '8 0.1 2', '8 0.5 1', '8 0.5 2']);
    // No stop rule: none met one; success counts the runs whose final accuracy is 100%.
    const perfect = runs.filter((r) => (r as unknown as { accuracy: number }).accuracy === 1).length;
    expect(all[8]).toEqual({ summary: { runs: 8, reached: 0, succeeded: perfect, seconds: expect.any(Number), workers: 2, grid: { hash: (runs[0]!.grid as { hash: string }).hash, runs: 8 } } });
    // Numbered in the grid's order: the options as listed (the first outermost), the seeds innermost.
    const numbered = [...runs].sort((a, b) => (a.grid as { run: number }).run - (b.grid as { run: number }).run);
    expect(numbered.map((r) => [r.config.hiddenSize, r.config.learningRate, r.config.seed].join(' '))).toEqual(['4 0.1 1', '4 0.1 2', '4 0.5 1', '4 0.5 2', '8 0.1 1', '8 0.1 2', '8 0.5 1', '8 0.5 2']);
    expect(result.stderr).toContain('runs 8/8');
  });

  it('gives the same per-run lines with 1 and 2 workers, and saves each run\'s model with --models', async () => {
    const args = ['sweep', '--hidden', '8,16', '--seeds', '3,5', '--until-accuracy', '0.5', '--eval-every', '50', '--iterations', '3000'];
    const models = temp.at('models');
    const [one, two] = await Promise.all([runCli([...args, '--workers', '1']), runCli([...args, '--workers', '2', '--models', models])]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const a = byConfig(one), b = byConfig(two);
    expect(a.size).toBe(4);
    expect(b).toEqual(a);
    const reached = [...a.values()].filter((l) => (l as Line).reachedAt !== null).length;
    expect(reached).toBeGreaterThan(0);
    // With a stop rule at 0.5, a run succeeded when its final accuracy is at least 0.5: every run that met it, and any that got there at the end.
    const succeeded = [...a.values()].filter((l) => (l as unknown as { accuracy: number }).accuracy >= 0.5).length;
    expect(succeeded).toBeGreaterThanOrEqual(reached);
    expect(lines(two.stdout).at(-1)).toMatchObject({ summary: { runs: 4, reached, succeeded, workers: 2 } });

    const files = (await readdir(models)).sort();
    expect(files).toEqual(['run-0001-hidden8-seed3.rnnmodel', 'run-0002-hidden8-seed5.rnnmodel', 'run-0003-hidden16-seed3.rnnmodel', 'run-0004-hidden16-seed5.rnnmodel']);
    const model = await readModel(join(models, files[2]!));
    expect(model.config).toMatchObject({ hiddenSize: 16, seed: 3 });
    const line = [...a.values()].find((l) => (l as Line).config.hiddenSize === 16 && (l as Line).config.seed === 3) as Line;
    expect(line.config).toEqual(model.config);
    expect(model.training.iterations).toBe(line.iterations);
    expect(model.training.accuracy).toBe(line.accuracy);
    // The lines of the sweep without --models came from runs followed without their curves; the files hold them.
    expect(model.lossHistory.values.length).toBeGreaterThan(0);
    expect(model.lossHistory.values.length * model.lossHistory.stride).toBeGreaterThanOrEqual(line.iterations as number);
    // The state to continue it exactly, as train's own files hold.
    expect(model.state?.rng.kind).toBe('numpy');
    const continued = await runCli(['train', '--from', join(models, files[2]!), '--iterations', '10', '--out', temp.at('continued-sweep-run.rnnmodel')]);
    expect(continued.code, continued.stderr).toBe(0);
    expect(continued.stderr).not.toMatch(/holds no optimiser or generator state/);
  });

  it('adds each run\'s accuracy on longer sums with --test-bits, equal to eval --bits on its saved model', async () => {
    const models = temp.at('tested');
    const result = await runCli(['sweep', '--hidden', '4,16', '--seeds', '1', '--iterations', '4000', '--workers', '2', '--test-bits', '12', '--models', models]);
    expect(result.code).toBe(0);
    const runs = lines(result.stdout).filter((l) => !('summary' in l)) as (Line & { accuracyAtBits: { bits: number; accuracy: number } })[];
    expect(runs.length).toBe(2);
    const files = (await readdir(models)).sort();
    expect(files).toEqual(['run-0001-hidden4-seed1.rnnmodel', 'run-0002-hidden16-seed1.rnnmodel']);
    const measured = new Set<number>();
    for (const file of files) {
      const model = await readModel(join(models, file));
      const run = runs.find((r) => r.config.hiddenSize === model.config.hiddenSize)!;
      expect(Object.keys(run)).toEqual(['config', 'iterations', 'reachedAt', 'accuracy', 'bitAccuracy', 'meanLoss', 'seconds', 'grid', 'accuracyAtBits']);
      const evaluated = await runCli(['eval', join(models, file), '--bits', '12']);
      expect(evaluated.code).toBe(0);
      const line = JSON.parse(evaluated.stdout) as { accuracy: number; bits: number };
      expect(run.accuracyAtBits).toEqual({ bits: 12, accuracy: line.accuracy });
      measured.add(line.accuracy);
    }
    // The two networks differ, and so do their accuracies at 12 bits: each line carries its own run's figure.
    expect(measured.size).toBe(2);
  });

  it.each([
    [['--test-bits', '65'], '--test-bits: Bits must be a whole number from 2 to 64; got 65'],
    [['--test-bits', 'x'], '--test-bits: Bits must be a whole number from 2 to 64; got "x"'],
    [['--hidden', '4,,8'], 'Hidden size: the list "4,,8" has an empty entry; write values separated by commas, e.g. 1,2'],
    [['--lr', '0.1,abc'], 'Learning rate must be a number above 0 and at most 100; got "abc"'],
    [['--seeds', '5-1'], 'the seed range 5-1 runs backwards; write it low to high, e.g. 1-5'],
    [['--seeds', '1-3,x'], 'seeds must be whole numbers or ranges like 1-20, separated by commas; got "x"'],
    [['--seeds', '1', '--seed', '2'], 'give the seeds once: --seeds or --seed, not both'],
    [['--workers', '0'], '--workers must be trainers at once, a whole number from 1 to 256 (default: the number of cores); got "0"'],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const result = await runCli(['sweep', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`rnn-studio: ${message}\n`);
  });

  it('keeps the lines already written when interrupted', async () => {
    const out = temp.at('interrupted.jsonl');
    const { child, done } = startCli(['sweep', '--seeds', '1-500', '--iterations', '20000', '--workers', '1', '--out', out]);
    let stderr = '';
    await new Promise<void>((resolve) => child.stderr!.on('data', (chunk: string) => (stderr += chunk) && stderr.includes('runs 1/500') && resolve()));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    const written = lines(await readFile(out, 'utf8'));
    const runs = written.slice(0, -1) as Line[];
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThan(500);
    expect(runs.map((r) => r.config.seed)).toEqual(runs.map((_, i) => i + 1));
    expect(written.at(-1)).toMatchObject({ summary: { runs: runs.length, workers: 1 } });
    expect(result.stderr).toContain(`Interrupted after ${runs.length} of 500 runs; their lines are kept.`);
  });
});
