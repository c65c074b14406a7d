/** Test models from fixed seeds: random weights (independent of the training code) or trained by the studio's trainer. */

import type { Model } from '@shared/model-file/model';
import { REFERENCE_PRESET, type TrainConfig } from '@shared/rnn/config';
import { evaluate, TrainingLoop } from '@shared/rnn/index';
import { weightNames, weightShape, type Weights } from '@shared/rnn/weights';

/** mulberry32: a tiny seeded generator, enough for fixture weights. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A model of the given configuration whose weights are standard normals (Box–Muller) times `scale`. */
export function randomModel(overrides: Partial<TrainConfig> = {}, seed = 1234, scale = 1): Model {
  const config: TrainConfig = { ...REFERENCE_PRESET, seed, ...overrides };
  const uniform = seededUniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const weights: Partial<Weights> = {};
  for (const name of weightNames(config)) {
    const shape = weightShape(name, config);
    const data = new Float64Array(shape[0] * shape[1]);
    for (let i = 0; i < data.length; i++) data[i] = normal() * scale;
    weights[name] = { shape, data };
  }
  return {
    config,
    weights: weights as Weights,
    training: { iterations: 0, lastLoss: null, accuracy: null, bitAccuracy: null, seed, elapsedSeconds: 0 },
    lossHistory: { stride: 1, values: new Float64Array(0) },
  };
}

/** A model trained by the studio's own trainer for `iterations` steps from a fixed seed. */
export function trainedModel(overrides: Partial<TrainConfig>, seed: number, iterations: number): Model {
  const config: TrainConfig = { ...REFERENCE_PRESET, seed, ...overrides };
  const trainer = new TrainingLoop(config);
  const losses = new Float64Array(iterations);
  const ran = trainer.train(iterations, losses);
  const weights = trainer.weights();
  const { exact, bit } = evaluate(weights, config);
  return {
    config,
    weights,
    training: { iterations: ran, lastLoss: losses[ran - 1] ?? null, accuracy: exact, bitAccuracy: bit, seed, elapsedSeconds: 0 },
    lossHistory: { stride: 1, values: losses.slice(0, ran) },
  };
}
