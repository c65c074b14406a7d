/**
 * `sweep`: trains every combination of the listed settings with every seed on
 * a pool of worker threads, and writes one JSON line per run as it finishes,
 * then a summary line. With --shard it runs one slice of the grid (see
 * sweep/shards.ts); `sweep merge` joins the slices' files.
 */

import { succeeded } from '../../shared/run/groups';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FIELDS, freshSeed, type ConfigKey, type TrainConfig } from '../../shared/rnn/config';
import { serializeModel } from '../../shared/model-file/modelFile';
import { TEST_BITS_RANGE } from '../../shared/rnn/lengths';
import { testBitsOption } from '../testBits';
import { SweepError, differingKeys, expandGrid, parseSeeds, parseValueList, type SweepAxis } from '../../shared/sweep/grid';
import { SweepPool } from '../../shared/sweep/pool';
import { sweepLine, type GridPlace, type SweepRun } from '../../shared/sweep/runResult';
import { UsageError, expectPositionals, parseArgs, type OptionSpec } from '../args';
import { callerPath, checkWritable, writeFileAtomic } from '../files';
import { Interrupts } from '../interrupts';
import { EXIT_INTERRUPTED, EXIT_OK, type CommandIO } from '../io';
import { LengthThreads } from '../sweep/lengthThreads';
import { LinesFile } from '../sweep/linesFile';
import { SweepProgress } from '../sweep/sweepProgress';
import { SHARD_HINT, gridHash, parseShard, shardRuns } from '../sweep/shards';
import { prepareTrainerThreads, trainerThread } from '../sweep/trainerThread';
import { sweepMergeCommand } from './sweepMerge';

const SEEDS: OptionSpec = { name: 'seeds', valueHint: 'seeds as a range 1-20 or a list 3,5,9' };
const WORKERS: OptionSpec = { name: 'workers', valueHint: 'trainers at once, a whole number from 1 to 256 (default: the number of cores)' };
const OUT: OptionSpec = { name: 'out', valueHint: 'a file for the JSON lines (default: stdout)' };
const MODELS: OptionSpec = { name: 'models', valueHint: "a folder to save every run's model file in" };
const TEST_BITS: OptionSpec = { name: 'test-bits', valueHint: `a length to test every run's final weights on, ${TEST_BITS_RANGE}` };
const SHARD: OptionSpec = { name: 'shard', valueHint: SHARD_HINT };
const LIST_SPECS: readonly OptionSpec[] = CONFIG_FIELDS.map((f) => ({ name: f.flag, valueHint: `${f.range}, or several separated by commas` }));
export const SWEEP_OPTIONS: readonly OptionSpec[] = [...LIST_SPECS, SEEDS, WORKERS, OUT, MODELS, TEST_BITS, SHARD];

export async function sweepCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  if (argv[0] === 'merge') return sweepMergeCommand(argv.slice(1), io);
  const parsed = parseArgs('sweep', argv, SWEEP_OPTIONS);
  if (parsed.help) return io.help('sweep');
  expectPositionals('sweep', parsed.positionals, []);
  const grid = sweepConfigs(parsed.options);
  const shardText = parsed.options.get(SHARD.name);
  const shard = shardText === undefined ? null : parseShard(shardText);
  // Each shard expands the grid itself: a fresh seed would give each its own.
  if (shard && !parsed.options.has(SEEDS.name) && !parsed.options.has('seed')) throw new UsageError('--shard needs the seeds given (--seeds or --seed): every shard must expand the same grid');
  const testBits = testBitsOption(parsed, TEST_BITS);
  const hash = gridHash(grid, testBits);
  /** The grid index (from 0) of each run this process trains. */
  const gridIndexes = shard ? shardRuns(grid.length, shard) : grid.map((_, i) => i);
  const configs = gridIndexes.map((i) => grid[i]!);
  const placeOf = (index: number): GridPlace => ({ hash, run: gridIndexes[index]! + 1, runs: grid.length });
  const workers = workerCount(parsed.options.get(WORKERS.name));
  // Taken from where the person stands, as every path of the CLI is (see callerPath).
  const outText = parsed.options.get(OUT.name);
  const modelsText = parsed.options.get(MODELS.name);
  const out = outText === undefined ? undefined : callerPath(outText);
  const models = modelsText === undefined ? undefined : callerPath(modelsText);
  if (out !== undefined) await checkWritable(out);
  if (models !== undefined) await makeFolder(models);

  const file = out === undefined ? null : new LinesFile(out);
  /** Set when the lines file cannot take more (a full disk): the sweep ends, and no summary follows. */
  let linesFailed = false;
  const writeLine = (value: object): void => {
    if (file === null) return void io.stdout.write(`${JSON.stringify(value)}\n`);
    try {
      file.write(JSON.stringify(value));
    } catch (error) {
      linesFailed = true;
      throw error;
    }
  };
  // Named after the whole grid, so that every shard names a run as one machine would.
  const named = differingKeys(grid);
  const saves: Promise<void>[] = [];
  const measurements: Promise<void>[] = [];
  const lengths = testBits === null ? null : new LengthThreads(Math.min(workers, configs.length));
  let reached = 0;
  let succeededRuns = 0;
  prepareTrainerThreads();
  const started = performance.now();
  /** The first thing that ended the sweep early: a thread's failure, or a line or model that could not be written. */
  let failure: Error | null = null;
  const failed = (error: Error): void => {
    failure ??= error;
    pool.cancel();
  };
  const report = (index: number, run: SweepRun): void => {
    try {
      writeLine(sweepLine(run, placeOf(index)));
    } catch (error) {
      return failed(error as Error);
    }
    if (run.reachedAt !== null) reached++;
    if (succeeded(run)) succeededRuns++;
    if (models !== undefined) saves.push(saveModel(models, modelName(gridIndexes[index]!, run.config, named), run).catch(failed));
    progress.update(pool.workers);
  };
  const pool = new SweepPool({
    configs,
    workers,
    // Only the model files hold the loss curves.
    curves: models !== undefined,
    connect: () => trainerThread(failed),
    onRun: (index, run) => {
      if (lengths === null || testBits === null) return report(index, run);
      measurements.push(
        lengths.measure(run.model.weights, run.config, testBits).then(
          (accuracy) => report(index, { ...run, accuracyAtBits: { bits: testBits, accuracy } }),
          (error: Error) => failed(new Error(`testing run ${index + 1} on ${testBits} bits: ${error.message}`)),
        ),
      );
    },
  });
  const progress = new SweepProgress(io.stderr, configs.length);
  // Ctrl-C or SIGTERM cancel the pool; a second signal only waits for the finished runs' lines and files.
  const interrupts = new Interrupts(() => pool.cancel(), io.stderr);
  let outcome;
  try {
    outcome = await pool.run();
    // Runs already finished are still reported when cancelled, once measured.
    await Promise.all(measurements);
  } finally {
    lengths?.close();
  }
  await Promise.all(saves);
  const seconds = (performance.now() - started) / 1000;
  progress.done();
  const stoppedBy = failure as Error | null;
  try {
    // A thread that failed is an internal error; the lines of the runs before it are kept, with no summary.
    if (stoppedBy && !(stoppedBy instanceof UsageError)) throw stoppedBy;
    if (!linesFailed) {
      const summary = { runs: outcome.completed, reached, succeeded: succeededRuns, seconds: Math.round(seconds * 1000) / 1000, workers: outcome.workers, grid: { hash, runs: grid.length } };
      writeLine({ summary: shard ? { ...summary, shard } : summary });
    }
  } finally {
    file?.close();
  }
  // A file that could not be written: one line naming it (exit 2), the lines and models written before it kept.
  if (stoppedBy) throw stoppedBy;
  if (outcome.cancelled) {
    io.stderr.write(`Interrupted after ${outcome.completed} of ${configs.length} runs; their lines are kept.\n`);
    return interrupts.exitCode ?? EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

/** The grid from the flags: every training flag as a list, the seeds from --seeds (or --seed), a fresh seed when neither is given. */
function sweepConfigs(options: Map<string, string>): TrainConfig[] {
  try {
    const axes: SweepAxis[] = [];
    for (const field of CONFIG_FIELDS) {
      const text = options.get(field.flag);
      if (text === undefined || field.key === 'seed') continue;
      axes.push({ key: field.key, values: parseValueList(field.key, text) });
    }
    const seedsText = options.get(SEEDS.name);
    const seedText = options.get('seed');
    if (seedsText !== undefined && seedText !== undefined) throw new UsageError('give the seeds once: --seeds or --seed, not both');
    const seeds = seedsText !== undefined ? parseSeeds(seedsText) : seedText !== undefined ? (parseValueList('seed', seedText) as number[]) : [freshSeed()];
    return expandGrid({}, axes, seeds);
  } catch (error) {
    if (error instanceof SweepError) throw new UsageError(error.message);
    throw error;
  }
}

function workerCount(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= 256)) throw new UsageError(`--workers must be ${WORKERS.valueHint}; got ${JSON.stringify(text)}`);
  return n;
}

async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot make the folder ${path}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file of that name is in the way' : (error as Error).message}`);
  }
  await checkWritable(join(path, 'run.rnnmodel'));
}

/** run-0007-hidden8-lr0.5-seed3.rnnmodel: the index in the grid's order and the settings that differ. */
export function modelName(index: number, config: TrainConfig, named: readonly ConfigKey[]): string {
  const parts = named.map((key) => {
    const field = CONFIG_FIELDS.find((f) => f.key === key)!;
    const value = config[key];
    return `${field.flag}${typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value)}`;
  });
  if (!named.includes('seed')) parts.push(`seed${config.seed}`);
  return `run-${String(index + 1).padStart(4, '0')}-${parts.join('-')}.rnnmodel`;
}

async function saveModel(folder: string, name: string, run: SweepRun): Promise<void> {
  await writeFileAtomic(join(folder, name), serializeModel(run.model));
}
