/**
 * What checkpoints cost `train`: the same run with and without a checkpoint
 * every second, alternated, for a few configurations; prints one JSON line per
 * configuration with the median slowdown (wall time, noisy on a shared
 * machine) and the share of the training thread's time checkpoints took. `node --import tsx tests/bench/checkpointCost.ts`
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type TrainConfig } from '../../shared/rnn/config';
import { Checkpoints } from '../../cli/checkpoints';
import { HeadlessRun } from '../../cli/headlessRun';

async function seconds(config: TrainConfig, out: string | null): Promise<{ seconds: number; written: number; busyMs: number }> {
  const run = new HeadlessRun({ config });
  const checkpoints = out ? new Checkpoints(out, config, () => run.checkpoint(), (line) => console.error(line)) : null;
  checkpoints?.start();
  const started = performance.now();
  await run.run();
  const elapsed = (performance.now() - started) / 1000;
  await checkpoints?.stop();
  return { seconds: elapsed, written: checkpoints?.written ?? 0, busyMs: checkpoints?.busyMs ?? 0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = await mkdtemp(join(tmpdir(), 'rnn-checkpoint-cost-'));
const cases: [string, Partial<TrainConfig>][] = [
  ['reference preset', { iterations: 1_200_000 }],
  ['hidden 128, adam', { hiddenSize: 128, optimizer: 'adam', learningRate: 0.001, iterations: 12_000 }],
  ['hidden 512, adam', { hiddenSize: 512, optimizer: 'adam', learningRate: 0.0001, iterations: 1_000 }],
];
const rounds = Number(process.argv[2] ?? 5);
try {
  for (const [name, overrides] of cases) {
    const config = resolveConfig({ seed: 1, ...overrides });
    const plain: number[] = [], checkpointed: number[] = [], ratios: number[] = [], shares: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const a = await seconds(config, null);
      const b = await seconds(config, join(dir, 'model.rnnmodel'));
      if (b.written < 0) throw new Error('no checkpoint was written');
      plain.push(a.seconds);
      checkpointed.push(b.seconds);
      ratios.push(b.seconds / a.seconds);
      shares.push(b.busyMs / 10 / b.seconds);
    }
    console.log(JSON.stringify({ case: name, iterations: config.iterations, plainSeconds: median(plain), checkpointedSeconds: median(checkpointed), medianSlowdownPercent: Math.round((median(ratios) - 1) * 1000) / 10, trainingThreadSharePercent: Math.round(median(shares) * 100) / 100 }));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
