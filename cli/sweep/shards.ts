/**
 * A sweep split over machines: `--shard K/N` runs the K-th of N disjoint
 * slices of the grid (runs K, K + N, K + 2N, … counted from 1, in the grid's
 * order), so the shards together run every run once and each run is the run
 * one machine would have trained. `--shard auto/N` takes K from the scheduler
 * that started the process: a Kubernetes Indexed Job's JOB_COMPLETION_INDEX
 * or a Slurm job array's SLURM_ARRAY_TASK_ID. Every line carries the grid's
 * hash and the run's place in it, so `sweep merge` can tell shards of one
 * grid from another's and name the runs that are missing.
 */

import { createHash } from 'node:crypto';
import { CONFIG_FIELDS, type TrainConfig } from '../../shared/rnn/config';
import { MAX_SWEEP_RUNS } from '../../shared/sweep/grid';
import { UsageError } from '../args';

/** The K-th (from 1) of `count` slices. */
export interface Shard {
  index: number;
  count: number;
}

export const SHARD_HINT = 'K/N (the K-th of N slices, K from 1 to N) or auto/N (K from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)';

/** Reads `--shard`; auto takes the index from the scheduler's variables in `env`. */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const match = /^(\d+|auto)\/(\d+)$/.exec(text);
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || !(count >= 1 && count <= MAX_SWEEP_RUNS)) throw new UsageError(`--shard must be ${SHARD_HINT}, N from 1 to ${MAX_SWEEP_RUNS}; got ${JSON.stringify(text)}`);
  const index = match[1] === 'auto' ? scheduledIndex(env, count) : Number(match[1]);
  if (!(index >= 1 && index <= count)) throw new UsageError(`--shard ${text}: K must be from 1 to ${count}; got ${index}`);
  return { index, count };
}

/** K from a Kubernetes Indexed Job (indices from 0) or a Slurm array (task ids from SLURM_ARRAY_TASK_MIN, so --array=0-2 and 1-3 both work). */
function scheduledIndex(env: NodeJS.ProcessEnv, count: number): number {
  const whole = (name: string): number | null => {
    const value = env[name];
    if (value === undefined) return null;
    if (!/^\d+$/.test(value)) throw new UsageError(`--shard auto/${count}: ${name} must be a whole number; got ${JSON.stringify(value)}`);
    return Number(value);
  };
  const completion = whole('JOB_COMPLETION_INDEX');
  if (completion !== null) return inRange(completion + 1, count, `JOB_COMPLETION_INDEX is ${completion}; an Indexed Job of ${count} completions has indices 0 to ${count - 1}`);
  const task = whole('SLURM_ARRAY_TASK_ID');
  if (task !== null) {
    const first = whole('SLURM_ARRAY_TASK_MIN') ?? 0;
    return inRange(task - first + 1, count, `SLURM_ARRAY_TASK_ID is ${task} in an array from ${first}; an array of ${count} tasks runs ${first} to ${first + count - 1}`);
  }
  throw new UsageError(`--shard auto/${count} takes the shard from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (a Slurm job array); neither is set`);
}

function inRange(index: number, count: number, problem: string): number {
  if (index < 1 || index > count) throw new UsageError(`--shard auto/${count}: ${problem}`);
  return index;
}

/** The grid indexes (from 0) of a shard's runs, in the grid's order. */
export function shardRuns(total: number, shard: Shard): number[] {
  const runs: number[] = [];
  for (let i = shard.index - 1; i < total; i += shard.count) runs.push(i);
  return runs;
}

/**
 * The grid's hash: every run's whole configuration in the grid's order and
 * the length the runs are tested on, so shards that would write different
 * lines for one run number never share it.
 */
export function gridHash(configs: readonly TrainConfig[], testBits: number | null): string {
  const text = JSON.stringify({ testBits, fields: CONFIG_FIELDS.map((f) => f.key), runs: configs.map((c) => CONFIG_FIELDS.map((f) => c[f.key])) });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
