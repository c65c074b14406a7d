import { describe, expect, it } from 'vitest';
import { MAX_REPLAYED_DRAWS, TrainingLoop, createRandom, resolveConfig, type TrainConfig, type TrainerState } from '@shared/rnn';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import type { Model } from '@shared/model-file/model';
import { trainerStateOf } from '@shared/model-file/stateSection';

/*
 * The property: a run split anywhere, saved to a model file and continued
 * from it, equals the uninterrupted run bit for bit, for every optimiser,
 * batch size and generator. Split points are drawn from a seeded generator so
 * a failure can be repeated.
 */

const bytes = (v: Float64Array): Uint8Array => new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));

/** The trainer's state written to a model file and read back, as `train --from` and a restored checkpoint do. */
function throughModelFile(trainer: TrainingLoop): TrainerState {
  const state = trainer.state();
  const { optimizer, rng, zeroGradientStreak } = state;
  const model: Model = {
    config: trainer.config,
    weights: state.weights,
    training: { iterations: state.iteration, lastLoss: null, accuracy: null, bitAccuracy: null, seed: trainer.config.seed, elapsedSeconds: 0 },
    lossHistory: { stride: 1, values: new Float64Array(0) },
    state: { optimizer, rng, zeroGradientStreak },
  };
  const restored = trainerStateOf(parseModelFile(serializeModel(model)));
  if (!restored) throw new Error('the model file lost its state');
  return restored;
}

function expectSameState(actual: TrainerState, expected: TrainerState): void {
  expect(actual.iteration).toBe(expected.iteration);
  for (const [name, tensor] of Object.entries(expected.weights)) {
    expect(bytes(actual.weights[name as keyof TrainerState['weights']]!.data), `weights.${name}`).toEqual(bytes(tensor!.data));
  }
  expect(actual.optimizer).toEqual(expected.optimizer);
  expect(actual.rng).toEqual(expected.rng);
  expect(actual.zeroGradientStreak).toBe(expected.zeroGradientStreak);
}

/**
 * Runs `total` iterations in one go, saving the state at every split point;
 * then continues each saved state to `total` and compares losses and the final state.
 */
function checkSplits(config: TrainConfig, total: number, splits: number[], start?: TrainerState): void {
  const whole = new TrainingLoop(config, start ? { state: start } : {});
  const first = whole.iteration;
  const losses = new Float64Array(total);
  const saved: TrainerState[] = [];
  let done = 0;
  for (const split of [...splits].sort((a, b) => a - b)) {
    expect(whole.train(split - done, losses, done)).toBe(split - done);
    done = split;
    saved.push(throughModelFile(whole));
  }
  expect(whole.train(total - done, losses, done)).toBe(total - done);
  const final = whole.state();
  for (const state of saved) {
    const split = state.iteration - first;
    const continued = new TrainingLoop(config, { state });
    const rest = new Float64Array(total - split);
    expect(continued.train(rest.length, rest)).toBe(rest.length);
    expect(bytes(rest), `losses after a split at ${split}`).toEqual(bytes(losses.subarray(split)));
    expectSameState(continued.state(), final);
  }
}

/** `count` distinct split points in [low, high], from a seeded generator. */
function splitPoints(seed: number, low: number, high: number, count: number): number[] {
  const rng = createRandom('xoshiro', seed);
  const points = new Set<number>();
  while (points.size < count) points.add(low + rng.randint(high - low + 1));
  return [...points];
}

const LEARNING_RATES = { sgd: 0.1, momentum: 0.05, adam: 0.01 } as const;
const SETTINGS = (['sgd', 'momentum', 'adam'] as const).flatMap((optimizer) =>
  ([1, 1024] as const).flatMap((batchSize) => (['numpy', 'xoshiro'] as const).map((rng) => ({ optimizer, batchSize, rng }))),
);

describe('a run continued from its model file equals the uninterrupted run', () => {
  it.each(SETTINGS)('%o, split anywhere', ({ optimizer, batchSize, rng }) => {
    // Batches of 1024 on a small network keep the test quick; clipping and biases exercise every path.
    const small = batchSize > 1 ? { hiddenSize: 4, bits: 4 } : {};
    const config = resolveConfig({ seed: 40 + batchSize, optimizer, batchSize, rng, learningRate: LEARNING_RATES[optimizer], bias: true, clip: 2, ...small });
    const total = batchSize > 1 ? 60 : 2000;
    checkSplits(config, total, [...splitPoints(batchSize * 7 + optimizer.length, 1, total - 1, 4), total]);
  });

  it.each(['numpy', 'xoshiro'] as const)('with batches of 1024 split beyond %s\'s 20 million draws', (rng) => {
    const config = resolveConfig({ seed: 5, optimizer: 'adam', learningRate: 0.01, batchSize: 1024, rng, hiddenSize: 1, bits: 2 });
    const beyond = Math.ceil(MAX_REPLAYED_DRAWS / (2 * 1024)) + 1;
    const total = beyond + 300;
    checkSplits(config, total, splitPoints(rng.length, beyond, total - 1, 3));
  });

  it.each(['numpy', 'xoshiro'] as const)('with one sample per iteration split beyond %s\'s 20 million draws', (rng) => {
    const config = resolveConfig({ seed: 6, optimizer: 'momentum', learningRate: 0.05, rng });
    const early = new TrainingLoop(config);
    early.train(500, new Float64Array(500));
    // The state of a run 10 050 000 iterations in: what follows depends on the state, not on the count.
    const state = { ...early.state(), iteration: 10_050_000 };
    expect(2 * state.iteration).toBeGreaterThan(MAX_REPLAYED_DRAWS);
    checkSplits(config, 3000, splitPoints(rng.length + 1, 1, 2999, 4), state);
    const continued = new TrainingLoop(config, { state });
    continued.train(10, new Float64Array(10));
    expect(continued.iteration).toBe(10_050_010);
  });

  it('starts a changed optimiser fresh, keeping the weights, iteration and generator', () => {
    const momentum = resolveConfig({ seed: 2, optimizer: 'momentum', learningRate: 0.05 });
    const trainer = new TrainingLoop(momentum);
    trainer.train(100, new Float64Array(100));
    const state = trainer.state();
    const adam = new TrainingLoop({ ...momentum, optimizer: 'adam', learningRate: 0.01 }, { state });
    const { optimizer, ...rest } = adam.state();
    expect(optimizer).toEqual({ kind: 'adam', m: new Float64Array(optimizer.kind === 'adam' ? optimizer.m.length : 0), v: new Float64Array(optimizer.kind === 'adam' ? optimizer.v.length : 0), t: 0 });
    const { optimizer: _momentum, ...kept } = state;
    expect(rest).toEqual(kept);
    expect(() => new TrainingLoop({ ...momentum, rng: 'xoshiro' }, { state })).toThrow("the generator state is for 'numpy' but the configuration uses 'xoshiro'");
  });
});
