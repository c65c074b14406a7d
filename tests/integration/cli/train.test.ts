import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TrainingLoop, evaluate, resolveConfig } from '@shared/rnn/index';
import { jsonLine, readModel, refusal, runCli, startCli, tempDirForFile } from './runCli';

const temp = tempDirForFile();

function directTrainer(iterations: number, overrides: Record<string, unknown> = {}): TrainingLoop {
  const trainer = new TrainingLoop(resolveConfig({ seed: 5, iterations, ...overrides }));
  trainer.train(iterations, new Float64Array(iterations));
  return trainer;
}

describe('cli train', () => {
  it('trains, prints one JSON line, shows progress on stderr and saves the model', async () => {
    const out = temp.at('fresh.json');
    const result = await runCli(['train', '--iterations', '3000', '--seed', '5', '--hidden', '12', '--out', out]);
    expect(result.code).toBe(0);
    const line = jsonLine(result);
    expect(Object.keys(line)).toEqual(['iterations', 'reachedAt', 'meanLoss', 'accuracy', 'bitAccuracy', 'seconds', 'itersPerSecond', 'seed']);
    expect(line.iterations).toBe(3000);
    expect(line.seed).toBe(5);
    expect(line.reachedAt).toBeNull();
    expect(result.stderr).toMatch(/iteration 3,000\/3,000 {2}loss \d+\.\d{4} {2}[\d,]+ it\/s {2}ETA /);

    const model = await readModel(out);
    const direct = directTrainer(3000, { hiddenSize: 12 });
    expect(model.config).toEqual(direct.config);
    expect(model.training.iterations).toBe(3000);
    expect(model.training.seed).toBe(5);
    expect(model.weights.V!.data).toEqual(direct.weights().V!.data);
    const e = evaluate(direct.weights(), direct.config);
    expect(line.accuracy).toBe(e.exact);
    expect(line.bitAccuracy).toBe(e.bit);
    expect(model.training.accuracy).toBe(e.exact);
    expect(model.lossHistory).toMatchObject({ stride: 1 });
    expect(model.lossHistory.values.length).toBe(3000);
    const losses = new Float64Array(3000);
    new TrainingLoop(direct.config).train(3000, losses);
    expect(line.meanLoss).toBeCloseTo(losses.subarray(2000).reduce((s, x) => s + x, 0) / 1000, 12);
    expect(model.training.lastLoss).toBe(losses[2999]);
    expect((await readdir(temp.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('continues a saved model with --from exactly as an uninterrupted run', async () => {
    const first = temp.at('first.json');
    const second = temp.at('second.json');
    expect((await runCli(['train', '--iterations', '2000', '--seed', '5', '--out', first])).code).toBe(0);
    const result = await runCli(['train', '--from', first, '--iterations', '1500', '--out', second]);
    expect(result.code).toBe(0);
    expect(jsonLine(result).iterations).toBe(3500);

    const before = await readModel(first);
    const after = await readModel(second);
    expect(after.training.iterations).toBe(3500);
    expect(after.training.elapsedSeconds).toBeGreaterThan(before.training.elapsedSeconds);
    expect(after.weights.U!.data).toEqual(directTrainer(3500).weights().U!.data);
    expect(after.lossHistory.values.length).toBe(3500);
    expect(after.lossHistory.values.subarray(0, 2000)).toEqual(before.lossHistory.values);
  });

  it('stops at the first multiple of --eval-every where --until-accuracy is reached', async () => {
    const out = temp.at('until.json');
    const result = await runCli(['train', '--until-accuracy', '1', '--eval-every', '100', '--seed', '4', '--out', out]);
    expect(result.code).toBe(0);
    const line = jsonLine(result);
    expect(line.reachedAt).toBe(line.iterations);
    expect(line.accuracy).toBe(1);
    const reachedAt = line.reachedAt as number;
    expect(reachedAt % 100).toBe(0);
    expect(reachedAt).toBeLessThan(20_000);
    // One evaluation earlier the network was not yet right on every pair.
    expect(evaluate(directTrainer(reachedAt - 100).weights(), resolveConfig({ seed: 4 })).exact).toBeLessThan(1);
    const model = await readModel(out);
    expect(model.training.iterations).toBe(reachedAt);
    expect(model.config).toMatchObject({ untilAccuracy: 1, evalEvery: 100 });
  });

  it('refuses --from with an option the saved weights fix', async () => {
    const first = temp.at('fixed.json');
    expect((await runCli(['train', '--iterations', '100', '--seed', '5', '--out', first])).code).toBe(0);
    const result = await runCli(['train', '--from', first, '--hidden', '8', '--out', temp.at('x.json')]);
    expect(refusal(result)).toBe('rnn-studio: --hidden cannot change when continuing with --from (the saved weights fix it at 16); with --from you may set --lr, --iterations, --until-accuracy, --eval-every, --optimizer, --batch, --clip');
  });

  it('saves the last finite weights and exits 3 when training diverges', async () => {
    const out = temp.at('diverged.json');
    const result = await runCli(['train', '--lr', '100', '--seed', '1', '--out', out]);
    expect(result.code).toBe(3);
    const direct = new TrainingLoop(resolveConfig({ seed: 1, learningRate: 100 }));
    direct.train(20_000, new Float64Array(20_000));
    expect(direct.divergence).not.toBeNull();
    expect(result.stderr).toContain(`${direct.divergence!.reason} Saved the last finite weights (iteration ${direct.iteration}) to ${out}.`);
    expect(jsonLine(result).iterations).toBe(direct.iteration);
    const model = await readModel(out);
    expect(model.training.iterations).toBe(direct.iteration);
    expect(model.weights.W!.data).toEqual(direct.weights().W!.data);
  });

  it('saves what was trained when interrupted with Ctrl-C', async () => {
    const out = temp.at('interrupted.json');
    const { child, done } = startCli(['train', '--iterations', '1000000000', '--seed', '5', '--out', out]);
    let stderr = '';
    await new Promise<void>((resolve) => child.stderr!.on('data', (chunk: string) => (stderr += chunk) && stderr.includes('it/s') && resolve()));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    const model = await readModel(out);
    expect(model.training.iterations).toBeGreaterThan(0);
    expect(jsonLine(result).iterations).toBe(model.training.iterations);
    expect(result.stderr).toContain(`Interrupted at iteration ${model.training.iterations}; saved the model to ${out}.`);
  });
});
