/** The bench figures of whole runs as a user starts them: `train`'s path, time to 100%, and a sweep's throughput by workers. */

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFERENCE_PRESET, resolveConfig, type TrainConfig } from '../../shared/rnn/config';
import { TrainingLoop } from '../../shared/rnn/index';
import { median } from '../../shared/run/groups';
import { HeadlessRun } from '../headlessRun';

/** Iterations of each timed run of `train`'s path: long enough (about half a second) to time well. */
const TRAIN_PATH_ITERATIONS = 200_000;
const CORE_CHUNK = 10_000;
const TIME_TO_TARGET_SEEDS = 10;
const SWEEP_SEEDS = 100;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** The reference preset trained through `train`'s own path (the trainer service, its progress and snapshots) and by the bare TrainingLoop, iterations/s. */
export async function trainPathSpeed(runs: number): Promise<{ itersPerSecond: number; firstRunItersPerSecond: number; coreItersPerSecond: number }> {
  // The first run of a process is the one `npm run cli -- train` makes: the default 20 000 iterations, JIT still warming up.
  const first = await headless(resolveConfig({ ...REFERENCE_PRESET, seed: 1 }));
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) rates.push(rate(await headless(resolveConfig({ ...REFERENCE_PRESET, iterations: TRAIN_PATH_ITERATIONS, seed: 1 + i }))));
  const core = new TrainingLoop(resolveConfig({ ...REFERENCE_PRESET, iterations: 1e9, seed: 1 }));
  const losses = new Float64Array(CORE_CHUNK);
  const coreRates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    let iterations = 0;
    while (iterations < TRAIN_PATH_ITERATIONS) iterations += core.train(CORE_CHUNK, losses);
    coreRates.push((iterations / (performance.now() - start)) * 1000);
  }
  return { itersPerSecond: Math.round(median(rates)), firstRunItersPerSecond: Math.round(rate(first)), coreItersPerSecond: Math.round(median(coreRates)) };
}

/** Milliseconds of training (and the stop rule's checks) to reach 100% on the reference preset, seeds 1–10, after one warm-up round. */
export async function timeToAccuracy(): Promise<{ medianMs: number; maxMs: number; medianReachedAt: number | null; reached: number }> {
  const configs = seeds(TIME_TO_TARGET_SEEDS).map((seed) => resolveConfig({ ...REFERENCE_PRESET, untilAccuracy: 1, evalEvery: 100, seed }));
  for (const config of configs.slice(0, 3)) await headless(config);
  const ms: number[] = [];
  const reachedAt: number[] = [];
  for (const config of configs) {
    const result = await headless(config);
    ms.push(result.runSeconds * 1000);
    if (result.reachedAt !== null) reachedAt.push(result.reachedAt);
  }
  return { medianMs: round(median(ms), 2), maxMs: round(Math.max(...ms), 2), medianReachedAt: reachedAt.length > 0 ? median(reachedAt) : null, reached: reachedAt.length };
}

/**
 * Runs per second of a sweep of the reference preset until 100%, seeds 1–100,
 * as a user's `sweep` gets it: a fresh CLI process each time, timed by its own
 * summary (thread start-up included, compiling the CLI's code not). Its lines
 * go to a file (`--out`), so this process is not woken for each of them while
 * it is being timed.
 */
export async function sweepThroughput(workers: number): Promise<{ runsPerSecond: number; seconds: number }> {
  const folder = await mkdtemp(join(tmpdir(), 'rnn-studio-bench-'));
  const out = join(folder, 'sweep.jsonl');
  try {
    const args = ['--import', 'tsx', MAIN, 'sweep', '--seeds', `1-${SWEEP_SEEDS}`, '--until-accuracy', '1', '--eval-every', '100', '--workers', String(workers), '--out', out];
    const { code, stderr } = await new Promise<{ stderr: string; code: number | null }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ stderr: err, code: exitCode }));
    });
    const last = code === 0 ? (await readFile(out, 'utf8')).trimEnd().split('\n').at(-1) ?? '' : '';
    const summary = code === 0 ? (JSON.parse(last) as { summary?: { runs: number; seconds: number } }).summary : undefined;
    if (!summary) throw new Error(`the timed sweep failed (exit ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`);
    return { runsPerSecond: round(summary.runs / summary.seconds, 1), seconds: summary.seconds };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function headless(config: TrainConfig) {
  return new HeadlessRun({ config }).run();
}

function rate(result: { iterationsThisRun: number; runSeconds: number }): number {
  return result.iterationsThisRun / Math.max(result.runSeconds, 1e-9);
}

function seeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
