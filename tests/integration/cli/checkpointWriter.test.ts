import { describe, expect, it } from 'vitest';
import { trainerStateOf } from '@shared/model-file/stateSection';
import { TrainingLoop, resolveConfig, type TrainConfig } from '@shared/rnn/index';
import { Checkpoints } from '../../../cli/checkpoints';
import { HeadlessRun } from '../../../cli/headlessRun';
import { readModel, tempDirForFile } from './runCli';

const temp = tempDirForFile();

describe('train checkpoints', () => {
  it.each([
    ['in place', { hiddenSize: 16, optimizer: 'momentum', learningRate: 0.05, iterations: 400_000 }],
    ['in a worker thread', { hiddenSize: 128, optimizer: 'adam', learningRate: 0.001, iterations: 6_000 }],
  ] as [string, Partial<TrainConfig>][])('writes the run\'s full state %s while it trains, and the file continues exactly', async (_where, overrides) => {
    const config = resolveConfig({ seed: 3, ...overrides });
    const path = temp.at(`${config.hiddenSize}.rnnmodel`);
    const run = new HeadlessRun({ config, elapsedSeconds: 1.5 });
    const warnings: string[] = [];
    const checkpoints = new Checkpoints(path, config, () => run.checkpoint(), (line) => warnings.push(line), 100);
    checkpoints.start();
    const result = await run.run();
    await checkpoints.stop();
    expect(warnings).toEqual([]);
    expect(checkpoints.written).toBeGreaterThan(0);
    expect(checkpoints.written).toBeLessThan(config.iterations);

    const model = await readModel(path);
    const k = model.training.iterations;
    expect(k).toBe(checkpoints.written);
    expect(model.training.elapsedSeconds).toBeGreaterThan(1.5);
    // The loss history reaches exactly the checkpoint's iteration.
    const { stride, values } = model.lossHistory;
    expect(values.length).toBe(Math.ceil(k / stride));
    const state = trainerStateOf(model)!;
    const continued = new TrainingLoop(config, { state });
    continued.train(config.iterations - k, new Float64Array(config.iterations - k));
    const { weights, iteration, ...rest } = continued.state();
    expect(iteration).toBe(config.iterations);
    expect(weights).toEqual(result.model.weights);
    expect(rest).toEqual(result.model.state);
  }, 60_000);

  it('warns once in one line when the file cannot be written, and training goes on', async () => {
    const config = resolveConfig({ seed: 3, iterations: 200_000 });
    const run = new HeadlessRun({ config });
    const warnings: string[] = [];
    const checkpoints = new Checkpoints(temp.at('no-such-folder', 'm.rnnmodel'), config, () => run.checkpoint(), (line) => warnings.push(line), 20);
    checkpoints.start();
    const result = await run.run();
    await checkpoints.stop();
    expect(result.iteration).toBe(200_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Could not write a checkpoint \(cannot write .*m\.rnnmodel: no such file or folder\); training goes on, and the model is saved at the end\.$/);
  }, 60_000);
});
