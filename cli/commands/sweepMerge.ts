/**
 * `sweep merge A.jsonl B.jsonl … [--out ALL.jsonl]`: joins the files of a
 * sweep's shards into the file one machine would have written: every run's
 * line once, in the grid's order, then a summary over all of them. Files of
 * another grid are refused; a run found twice is kept once when its lines
 * agree (and refused when they do not); runs no file holds are named, and
 * the merge then ends with exit 2, after writing what the files hold.
 */

import { succeeded } from '../../shared/run/groups';
import { basename } from 'node:path';
import { FileTooLargeError, NotRegularFileError, readRegularFile } from '../../shared/node/regularFile';
import { UsageError, parseArgs, type OptionSpec } from '../args';
import { callerPath, isSameFile, writeFileAtomic } from '../files';
import { EXIT_OK, EXIT_USAGE, type CommandIO } from '../io';
import type { GridPlace } from '../../shared/sweep/runResult';
import type { Shard } from '../sweep/shards';

const OUT: OptionSpec = { name: 'out', valueHint: 'the merged file (default: stdout)' };
/** A shard's file: 100 000 runs of a kilobyte or two each at the very most. */
const MAX_SHARD_FILE_BYTES = 512 * 1024 * 1024;

type RunLine = Record<string, unknown> & { grid: GridPlace };

interface Summary {
  runs: number;
  reached: number;
  succeeded?: number;
  seconds: number;
  workers: number;
  grid: { hash: string; runs: number };
  shard?: Shard;
}

/** What one shard's file holds. */
interface ShardFile {
  name: string;
  runs: RunLine[];
  summary: Summary | null;
}

export async function sweepMergeCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('sweep merge', argv, [OUT]);
  if (parsed.help) return io.help('sweep');
  const inputs = parsed.positionals;
  if (inputs.length === 0) throw new UsageError('sweep merge needs the shards\' files: sweep merge A.jsonl B.jsonl … [--out ALL.jsonl]');
  const out = parsed.options.get(OUT.name);
  if (out !== undefined) {
    for (const input of inputs) if (await isSameFile(input, out)) throw new UsageError(`--out ${out} is one of the files being merged (${input}); write the merge to another file`);
  }
  const files = await Promise.all(inputs.map(readShardFile));
  const merged = merge(files, io);
  const text = [...merged.lines, { summary: merged.summary }].map((line) => `${JSON.stringify(line)}\n`).join('');
  if (out === undefined) io.stdout.write(text);
  else await writeFileAtomic(out, text);
  if (merged.missing.length === 0) return EXIT_OK;
  io.stderr.write(`rnn-studio: ${missingLine(merged.missing, merged.summary.grid.runs, merged.shardCount)}\n`);
  return EXIT_USAGE;
}

async function readShardFile(path: string): Promise<ShardFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(callerPath(path), MAX_SHARD_FILE_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw new UsageError(`cannot read ${path}: it is over ${MAX_SHARD_FILE_BYTES / 2 ** 20} MB, more than a sweep writes`);
    const code = (error as NodeJS.ErrnoException).code;
    const why = error instanceof NotRegularFileError ? error.message : code === 'ENOENT' ? 'no such file or folder' : (error as Error).message;
    throw new UsageError(`cannot read ${path}: ${why}`);
  }
  const file: ShardFile = { name: path, runs: [], summary: null };
  const lines = new TextDecoder().decode(bytes).split('\n');
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const where = `${path} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`${where} is not a JSON line (a sweep's file holds one JSON object per line)`);
    }
    if (!isObject(value)) throw new UsageError(`${where} is not a sweep's line: expected an object`);
    if ('summary' in value) {
      if (file.summary) throw new UsageError(`${where} is a second summary; a sweep's file ends with one`);
      file.summary = summaryOf(value.summary, where);
      return;
    }
    if (!isObject(value.config)) throw new UsageError(`${where} is not a sweep's line: it has no config`);
    file.runs.push({ ...value, grid: placeOf(value.grid, where) });
  });
  return file;
}

function placeOf(value: unknown, where: string): GridPlace {
  if (value === undefined) throw new UsageError(`${where} has no grid (a line of an earlier version): merge needs the grid's hash and the run's place in every line`);
  const g = value as Partial<GridPlace> | null;
  if (!isObject(g) || typeof g.hash !== 'string' || !isCount(g.runs) || !isCount(g.run) || g.run > g.runs) {
    throw new UsageError(`${where}: grid must be { hash, run, runs } with run from 1 to runs`);
  }
  return { hash: g.hash, run: g.run, runs: g.runs };
}

function summaryOf(value: unknown, where: string): Summary {
  const s = value as Partial<Summary> | null;
  if (!isObject(s) || !isObject(s.grid) || typeof s.grid.hash !== 'string' || !isCount(s.grid.runs) || typeof s.seconds !== 'number' || typeof s.workers !== 'number') {
    throw new UsageError(`${where} is not a sweep's summary of this version: it needs grid { hash, runs }, seconds and workers`);
  }
  return s as Summary;
}

interface Merged {
  lines: RunLine[];
  summary: Summary & { shards: number };
  /** Grid runs (from 1) no file holds. */
  missing: number[];
  /** N of the shards' --shard K/N, when their summaries say. */
  shardCount: number | null;
}

function merge(files: ShardFile[], io: CommandIO): Merged {
  const first = files.find((f) => f.runs.length > 0 || f.summary);
  if (!first) throw new UsageError(`${files.map((f) => f.name).join(', ')} hold no lines of a sweep`);
  const grid = first.summary?.grid ?? { hash: first.runs[0]!.grid.hash, runs: first.runs[0]!.grid.runs };
  const refuse = (name: string, hash: string): never => {
    throw new UsageError(`${name} is a shard of another grid (${hash}) than ${first.name} (${grid.hash}); merge joins the shards of one sweep`);
  };
  const byRun = new Map<number, { line: RunLine; from: string }>();
  for (const file of files) {
    if (file.summary && file.summary.grid.hash !== grid.hash) refuse(file.name, file.summary.grid.hash);
    for (const line of file.runs) {
      if (line.grid.hash !== grid.hash) refuse(file.name, line.grid.hash);
      const seen = byRun.get(line.grid.run);
      if (!seen) {
        byRun.set(line.grid.run, { line, from: file.name });
        continue;
      }
      if (!sameRun(seen.line, line)) {
        throw new UsageError(`run ${line.grid.run} differs between ${seen.from} and ${file.name}: the shards did not train it alike, and merge will not choose`);
      }
      io.stderr.write(`Note: run ${line.grid.run} is in ${basename(seen.from)} and ${basename(file.name)}; kept once.\n`);
    }
  }
  const lines = [...byRun.keys()].sort((a, b) => a - b).map((run) => byRun.get(run)!.line);
  const missing: number[] = [];
  for (let run = 1; run <= grid.runs; run++) if (!byRun.has(run)) missing.push(run);
  // Machine time: each shard's own wall time (a shard cut off before its summary, its runs' times).
  const seconds = files.reduce((sum, f) => sum + (f.summary?.seconds ?? f.runs.reduce((s, r) => s + (typeof r.seconds === 'number' ? r.seconds : 0), 0)), 0);
  const workers = files.reduce((sum, f) => sum + (f.summary?.workers ?? 0), 0);
  const reached = lines.filter((l) => l.reachedAt !== null && l.reachedAt !== undefined).length;
  // Success as the sweep itself counts it: the final accuracy at the stop rule's target, 100 % without one.
  const succeededRuns = lines.filter((l) => {
    const config = l.config as { untilAccuracy?: unknown };
    return typeof l.accuracy === 'number' && typeof config.untilAccuracy === 'number' && succeeded({ config: config as never, accuracy: l.accuracy });
  }).length;
  const shardCount = files.map((f) => f.summary?.shard?.count).find((n): n is number => typeof n === 'number') ?? null;
  return {
    lines,
    summary: { runs: lines.length, reached, succeeded: succeededRuns, seconds: Math.round(seconds * 1000) / 1000, workers, grid: { hash: grid.hash, runs: grid.runs }, shards: files.length },
    missing,
    shardCount,
  };
}

/** Two lines of one run agree in everything but their timing. */
function sameRun(a: RunLine, b: RunLine): boolean {
  const { seconds: _a, ...x } = a;
  const { seconds: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}

function missingLine(missing: number[], runs: number, shardCount: number | null): string {
  const listed = missing.length > 20 ? `${missing.slice(0, 20).join(', ')} …` : missing.join(', ');
  const shards = shardCount === null ? [] : [...new Set(missing.map((run) => ((run - 1) % shardCount) + 1))].sort((a, b) => a - b);
  const rerun = shards.length > 0 ? `; they belong to --shard ${shards.map((k) => `${k}/${shardCount}`).join(', ')}` : '';
  return `${missing.length} of the grid's ${runs} runs are in none of the files: ${listed}${rerun}; the merge holds the other ${runs - missing.length}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
