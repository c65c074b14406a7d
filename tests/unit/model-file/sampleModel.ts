import { REFERENCE_PRESET, type TrainConfig } from '@shared/rnn/config';
import { weightNames, weightShape, type Weights } from '@shared/rnn/weights';
import type { Model } from '@shared/model-file/model';

/** A deterministic model for file tests: weights filled by a small LCG, no training needed. */
export function sampleModel(overrides: Partial<TrainConfig> = {}): Model {
  const config: TrainConfig = { ...REFERENCE_PRESET, seed: 1234, ...overrides };
  let state = config.seed + 1;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const weights: Partial<Weights> = {};
  for (const name of weightNames(config)) {
    const shape = weightShape(name, config);
    const data = new Float64Array(shape[0] * shape[1]);
    for (let i = 0; i < data.length; i++) data[i] = next() * 4;
    weights[name] = { shape, data };
  }
  const values = new Float64Array(50);
  for (let i = 0; i < values.length; i++) values[i] = 4 / (1 + i) + next() * 0.01;
  return {
    config,
    weights: weights as Weights,
    training: { iterations: 500, lastLoss: 0.25, accuracy: 0.5, bitAccuracy: 0.875, seed: config.seed, elapsedSeconds: 0.0125 },
    lossHistory: { stride: 10, values },
  };
}
