import { describe, expect, it } from 'vitest';
import { NumberListCache, numberList } from '@shared/model-file/jsonText';
import { serializeModel } from '@shared/model-file/modelFile';
import { TrainingLoop, resolveConfig } from '@shared/rnn';
import type { Model } from '@shared/model-file/model';

/** A model in the middle of a batch, as a checkpoint takes it. */
function midBatch(loop: TrainingLoop): Model {
  const { weights, iteration, ...state } = loop.state();
  return {
    config: loop.config, weights, state,
    training: { iterations: iteration, lastLoss: null, accuracy: null, bitAccuracy: null, seed: loop.config.seed, elapsedSeconds: 0 },
    lossHistory: { stride: 1, values: new Float64Array(0) },
  };
}

describe('the number lists kept from one model file to the next', () => {
  it('give the same text as writing afresh, whatever changed in between', () => {
    const loop = new TrainingLoop(resolveConfig({ hiddenSize: 5, bits: 5, batchSize: 6, optimizer: 'adam', learningRate: 0.01, seed: 2 }));
    const cache = new NumberListCache();
    for (let step = 0; step < 12; step++) {
      loop.trainSamples(2, new Float64Array(1));
      const model = midBatch(loop);
      expect(serializeModel(model, cache)).toBe(serializeModel(model));
    }
  });

  it('tells −0 from 0', () => {
    const cache = new NumberListCache();
    expect(cache.write(new Float64Array([0, 1]), 'x')).toBe('[0, 1]');
    expect(cache.write(new Float64Array([-0, 1]), 'x')).toBe('[-0, 1]');
  });

  it('formats only what changed since the last write: within a batch, the gradient so far', () => {
    const loop = new TrainingLoop(resolveConfig({ hiddenSize: 5, bits: 5, batchSize: 6, optimizer: 'adam', learningRate: 0.01, seed: 2 }));
    loop.train(1, new Float64Array(1));
    loop.trainSamples(2, new Float64Array(1));
    const formatted: string[] = [];
    const cache = new NumberListCache((data, path) => (formatted.push(path), numberList(data, path)));
    serializeModel(midBatch(loop), cache);
    expect(formatted).toHaveLength(6);
    formatted.length = 0;
    loop.trainSamples(2, new Float64Array(1));
    serializeModel(midBatch(loop), cache);
    expect(formatted).toEqual(['state.partialIteration.gradient']);
    // The batch ends: the weights and Adam's moments change, and are written anew.
    loop.trainSamples(2, new Float64Array(1));
    formatted.length = 0;
    serializeModel(midBatch(loop), cache);
    expect(formatted.sort()).toEqual(['state.optimizer.m', 'state.optimizer.v', 'weights.U.data', 'weights.V.data', 'weights.W.data']);
  });
});
