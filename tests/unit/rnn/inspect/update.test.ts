import { describe, expect, it } from 'vitest';
import { TrainingLoop, createRandom, initWeights, resolveConfig, weightNames } from '@shared/rnn';
import { traceSample, weightsAfterSgd } from '@shared/rnn/inspect';

describe("the walk-through's update", () => {
  it.each([false, true])('is the trainer\'s first SGD step on its first sample, bit for bit (biases %s)', (bias) => {
    const config = resolveConfig({ bits: 8, hiddenSize: 16, bias, seed: 12, learningRate: 0.1 });
    // The trainer draws the weights, then a and b of its first sample, from one stream.
    const rng = createRandom(config.rng, config.seed);
    const weights = initWeights(config, rng);
    const a = rng.randint(128), b = rng.randint(128);
    const trainer = new TrainingLoop(config, { weights });
    trainer.train(1, new Float64Array(1));
    const after = trainer.weights();
    const shown = weightsAfterSgd(weights, traceSample(weights, config, a, b).gradients, config.learningRate, config);
    for (const name of weightNames(config)) expect(Array.from(shown[name]!.data)).toEqual(Array.from(after[name]!.data));
  });
});
