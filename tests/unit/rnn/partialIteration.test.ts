import { describe, expect, it } from 'vitest';
import { TrainingLoop, createRandom, resolveConfig, type Kernel, type TrainConfig, type TrainerState } from '@shared/rnn';
import { ModelFileError, parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import type { Model } from '@shared/model-file/model';
import { trainerStateOf } from '@shared/model-file/stateSection';

/*
 * An iteration run a few samples at a time, checkpointed between any two of
 * its samples and continued from the model file, equals the uninterrupted
 * run bit for bit: its loss, every weight, the optimiser and the generator.
 */

const bytes = (v: Float64Array): Uint8Array => new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));

function modelOf(trainer: TrainingLoop): Model {
  const { weights, iteration, ...continuation } = trainer.state();
  return {
    config: trainer.config,
    weights,
    training: { iterations: iteration, lastLoss: null, accuracy: null, bitAccuracy: null, seed: trainer.config.seed, elapsedSeconds: 0 },
    lossHistory: { stride: 1, values: new Float64Array(0) },
    state: continuation,
  };
}

function throughModelFile(trainer: TrainingLoop): TrainerState {
  const restored = trainerStateOf(parseModelFile(serializeModel(modelOf(trainer))));
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
  expect(actual.partialIteration).toEqual(expected.partialIteration);
}

function uninterrupted(config: TrainConfig, iterations: number): { losses: Float64Array; state: TrainerState } {
  const trainer = new TrainingLoop(config);
  const losses = new Float64Array(iterations);
  expect(trainer.train(iterations, losses)).toBe(iterations);
  return { losses, state: trainer.state() };
}

/**
 * The run again, a few samples at a time (sizes from a seeded generator),
 * through a model file after every call; the losses it completed.
 */
function inPieces(config: TrainConfig, iterations: number, seed: number): { losses: Float64Array; state: TrainerState; partialCheckpoints: number } {
  const pick = createRandom('xoshiro', seed);
  const losses = new Float64Array(iterations);
  let trainer = new TrainingLoop(config);
  let partialCheckpoints = 0;
  while (trainer.iteration < iterations) {
    const samples = 1 + pick.randint(Math.max(1, Math.ceil(config.batchSize / 2)));
    trainer.trainSamples(samples, losses, trainer.iteration);
    const state = throughModelFile(trainer);
    if (state.partialIteration) partialCheckpoints++;
    trainer = new TrainingLoop(config, { state });
  }
  return { losses, state: trainer.state(), partialCheckpoints };
}

const CASES = [
  { cell: 'rnn', optimizer: 'sgd', learningRate: 0.1, rng: 'numpy' },
  { cell: 'rnn', optimizer: 'adam', learningRate: 0.01, rng: 'xoshiro', bias: true, clip: 0.5 },
  { cell: 'lstm', optimizer: 'momentum', learningRate: 0.05, rng: 'numpy', bias: true },
  { cell: 'gru', optimizer: 'adam', learningRate: 0.01, rng: 'xoshiro' },
] as const;

describe('an iteration in pieces', () => {
  it.each(CASES)('continues from a checkpoint between any two samples exactly (%o)', (settings) => {
    const config = resolveConfig({ ...settings, hiddenSize: 6, bits: 6, batchSize: 9, seed: 11 });
    const whole = uninterrupted(config, 12);
    const pieces = inPieces(config, 12, 3);
    expect(pieces.partialCheckpoints).toBeGreaterThan(10);
    expect(bytes(pieces.losses)).toEqual(bytes(whole.losses));
    expectSameState(pieces.state, whole.state);
  });

  it('finishes an iteration exactly when its last sample runs, and train() finishes one under way', () => {
    const config = resolveConfig({ hiddenSize: 5, bits: 5, batchSize: 4, seed: 2 });
    const whole = uninterrupted(config, 3);
    const trainer = new TrainingLoop(config);
    const losses = new Float64Array(3);
    expect(trainer.trainSamples(3, losses)).toBe(0);
    expect(trainer.partialIteration).toEqual({ samples: 3, batchSize: 4 });
    expect(trainer.iteration).toBe(0);
    expect(trainer.trainSamples(1, losses, 0)).toBe(1);
    expect(trainer.partialIteration).toEqual({ samples: 0, batchSize: 4 });
    expect(trainer.trainSamples(2, losses, 1)).toBe(0);
    // Two iterations: the rest of the second, then the third.
    expect(trainer.train(2, losses, 1)).toBe(2);
    expect(bytes(losses)).toEqual(bytes(whole.losses));
    expectSameState(trainer.state(), whole.state);
  });

  it('ends an iteration with the batch size it began with when continued with another one', () => {
    const config = resolveConfig({ hiddenSize: 5, bits: 5, batchSize: 6, optimizer: 'adam', learningRate: 0.01, seed: 4 });
    const trainer = new TrainingLoop(config);
    const losses = new Float64Array(3);
    trainer.trainSamples(4, losses);
    const continued = new TrainingLoop({ ...config, batchSize: 2 }, { state: throughModelFile(trainer) });
    expect(continued.partialIteration).toEqual({ samples: 4, batchSize: 6 });
    expect(continued.train(1, losses)).toBe(1);
    // The same first iteration as a run of batch 6 throughout; the next one has 2 samples.
    const six = uninterrupted(config, 1);
    expect(losses[0]).toBe(six.losses[0]);
    expect(bytes(continued.state().weights.U!.data)).toEqual(bytes(six.state.weights.U!.data));
    expect(continued.partialIteration).toEqual({ samples: 0, batchSize: 2 });
  });

  it('reports the gradient norms of the last completed iteration while the next one runs', () => {
    const config = resolveConfig({ hiddenSize: 4, bits: 4, batchSize: 8, seed: 3 });
    const trainer = new TrainingLoop(config);
    trainer.train(1, new Float64Array(1));
    const completed = trainer.gradNorms();
    trainer.trainSamples(3, new Float64Array(1));
    expect(trainer.gradNorms()).toEqual(completed);
  });

  it.each([
    ['loss', 'the loss became NaN or infinite'],
    ['gradient', 'the gradient or the updated weights became NaN or infinite'],
  ] as const)('fails at once when a sample makes the %s non-finite, keeping the weights and a state a file can hold', (what, reason) => {
    const config = resolveConfig({ hiddenSize: 4, bits: 6, batchSize: 8, seed: 3 });
    const broken = new TrainingLoop(config);
    broken.trainSamples(2, new Float64Array(1));
    const before = broken.weights();
    // The overflow itself needs weights near the float64 maximum; the sample's result is what matters here.
    const kernel = (broken as unknown as { kernel: Kernel }).kernel;
    const sample = kernel.sample.bind(kernel);
    kernel.sample = (a, b) => {
      const loss = sample(a, b);
      if (what === 'gradient') kernel.grads!.flat[3] = Infinity;
      return what === 'loss' ? NaN : loss;
    };
    expect(broken.trainSamples(2, new Float64Array(1))).toBe(0);
    expect(broken.divergence).toMatchObject({ iteration: 1, reason: expect.stringContaining(reason) });
    expect(broken.partialIteration.samples).toBe(0);
    expect(bytes(broken.weights().W!.data)).toEqual(bytes(before.W!.data));
    expect(broken.trainSamples(1, new Float64Array(1))).toBe(0);
    expect(() => parseModelFile(serializeModel(modelOf(broken)))).not.toThrow();
  });
});

describe('a partial iteration in the model file', () => {
  const config = resolveConfig({ hiddenSize: 3, bits: 4, batchSize: 5, seed: 1 });
  const trainer = new TrainingLoop(config);
  trainer.trainSamples(2, new Float64Array(1));
  const text = serializeModel(modelOf(trainer));

  it('is written after the other state fields and read back', () => {
    expect(text).toMatch(/"zeroGradientStreak": 0,\n {4}"partialIteration": \{ "batchSize": 5, "samples": 2, "loss": [0-9.e-]+, "gradient": \[/);
    const partial = parseModelFile(text).state!.partialIteration!;
    expect(partial).toMatchObject({ batchSize: 5, samples: 2 });
    expect(partial.gradient).toHaveLength(3 * 2 + 9 + 3);
  });

  const refusalOf = (edit: (p: Record<string, unknown>) => void): string => {
    const root = JSON.parse(text) as { state: { partialIteration: Record<string, unknown> } };
    edit(root.state.partialIteration);
    try {
      parseModelFile(JSON.stringify(root));
    } catch (error) {
      expect(error).toBeInstanceOf(ModelFileError);
      return (error as Error).message;
    }
    throw new Error('the file was accepted');
  };

  it.each([
    ['a batch of one', (p: Record<string, unknown>) => (p.batchSize = 1), 'state.partialIteration.batchSize must be a whole number from 2 to 9007199254740991; got 1'],
    ['a batch past the largest', (p: Record<string, unknown>) => (p.batchSize = 1025), "state.partialIteration: the partial iteration's batch size must be a whole number from 2 to 1024; got 1025"],
    ['no samples', (p: Record<string, unknown>) => (p.samples = 0), 'state.partialIteration.samples must be a whole number from 1 to 9007199254740991; got 0'],
    ['a whole batch of samples', (p: Record<string, unknown>) => (p.samples = 5), "state.partialIteration: the partial iteration's samples must be a whole number from 1 to 4 (its batch size less one); got 5"],
    ['a negative loss', (p: Record<string, unknown>) => (p.loss = -1), 'state.partialIteration.loss must be a number of at least 0; got -1'],
    ['a short gradient', (p: Record<string, unknown>) => (p.gradient = [1, 2]), 'state.partialIteration.gradient has 2 numbers; 18 are needed'],
    ['an unknown field', (p: Record<string, unknown>) => (p.lr = 1), 'state.partialIteration.lr is not part of a partial iteration; it holds batchSize, samples, loss, gradient'],
  ])('refuses %s with one clear line', (_name, edit, message) => {
    expect(refusalOf(edit)).toBe(message);
  });
});
