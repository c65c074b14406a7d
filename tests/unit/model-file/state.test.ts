import { describe, expect, it } from 'vitest';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { trainerStateOf } from '@shared/model-file/stateSection';
import type { Model } from '@shared/model-file/model';
import { refusalOf } from './refusal';
import { TrainingLoop, resolveConfig, type TrainConfig } from '@shared/rnn';

type Json = any;

/** A model trained a little, with the state its trainer hands out. */
function trainedModel(overrides: Partial<TrainConfig> = {}): Model {
  const config = resolveConfig({ seed: 11, hiddenSize: 3, ...overrides });
  const trainer = new TrainingLoop(config);
  trainer.train(37, new Float64Array(37)); // an odd number of randn-free draws leaves MT19937 mid-block
  const { weights, iteration, optimizer, rng, zeroGradientStreak } = trainer.state();
  return {
    config, weights,
    training: { iterations: iteration, lastLoss: null, accuracy: null, bitAccuracy: null, seed: config.seed, elapsedSeconds: 0 },
    lossHistory: { stride: 1, values: new Float64Array(0) },
    state: { optimizer, rng, zeroGradientStreak },
  };
}

function broken(change: (json: Json) => void, overrides: Partial<TrainConfig> = {}): string {
  const json = JSON.parse(serializeModel(trainedModel(overrides)));
  change(json);
  return JSON.stringify(json);
}

describe('the state section', () => {
  it('writes generator words as whole numbers and NumPy\'s field names', () => {
    const json = JSON.parse(serializeModel(trainedModel({ optimizer: 'adam' })));
    expect(Object.keys(json.state)).toEqual(['optimizer', 'rng', 'zeroGradientStreak']);
    expect(Object.keys(json.state.rng)).toEqual(['kind', 'key', 'pos', 'hasGauss', 'gauss']);
    expect(json.state.rng.key).toHaveLength(624);
    expect(json.state.rng.key.every((w: number) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
    expect(json.state.rng.key.some((w: number) => w >= 2 ** 31)).toBe(true);
    expect(json.state.optimizer.t).toBe(37);
    expect(json.state.optimizer.m).toHaveLength(3 * 2 + 3 * 3 + 3);
  });

  it.each([
    { optimizer: 'sgd', rng: 'numpy' },
    { optimizer: 'momentum', rng: 'xoshiro' },
    { optimizer: 'adam', rng: 'numpy', bias: true },
  ] as const)('reads back exactly what was written (%o)', (overrides) => {
    const model = trainedModel(overrides);
    const text = serializeModel(model);
    const back = parseModelFile(text);
    expect(back.state).toEqual(model.state);
    expect(serializeModel(back)).toBe(text);
    expect(trainerStateOf(back)?.iteration).toBe(37);
  });

  it('keeps a cached normal exactly', () => {
    const model = trainedModel({ rng: 'xoshiro' });
    model.state!.rng = { ...model.state!.rng, hasGauss: true, gauss: -0.1 - 0.2 };
    expect(parseModelFile(serializeModel(model)).state!.rng.gauss).toBe(-0.1 - 0.2);
  });

  it('is optional: a file without it opens without one', () => {
    const json = JSON.parse(serializeModel(trainedModel()));
    delete json.state;
    expect(trainerStateOf(parseModelFile(JSON.stringify(json)))).toBeNull();
    json.version = 1;
    expect(parseModelFile(JSON.stringify(json)).state).toBeUndefined();
  });

  const cases: [name: string, text: string, message: string][] = [
    ['a state in a version 1 file', broken((j) => (j.version = 1)), 'state is not part of a version 1 model file; it came with version 2'],
    ['a state that is not an object', broken((j) => (j.state = [])), 'state must be an object; got an array'],
    ['an unknown state field', broken((j) => (j.state.lr = 1)), 'state.lr is not part of the state; it holds optimizer, rng, zeroGradientStreak, partialIteration'],
    ['another optimiser\'s state', broken((j) => (j.state.optimizer = { kind: 'sgd' }), { optimizer: 'adam' }), 'state.optimizer.kind is "sgd" but config.optimizer is "adam"; they must be equal'],
    ['a short velocity', broken((j) => j.state.optimizer.velocity.pop(), { optimizer: 'momentum' }), 'state.optimizer.velocity has 17 numbers; 18 are needed'],
    ['a velocity as text', broken((j) => (j.state.optimizer.velocity[4] = '1'), { optimizer: 'momentum' }), 'state.optimizer.velocity[4] must be a finite number; got "1"'],
    ['a fractional Adam step', broken((j) => (j.state.optimizer.t = 1.5), { optimizer: 'adam' }), 'state.optimizer.t must be a whole number from 0 to 9007199254740991; got 1.5'],
    ['more Adam steps than iterations', broken((j) => (j.state.optimizer.t = Number.MAX_SAFE_INTEGER), { optimizer: 'adam' }), 'state.optimizer.t is 9007199254740991, more Adam steps than the 37 iterations done (training.iterations)'],
    ['a negative second moment', broken((j) => (j.state.optimizer.v[2] = -1), { optimizer: 'adam' }), "state.optimizer: Adam's second moment v[2] must be at least 0; got -1"],
    ['a missing first moment', broken((j) => delete j.state.optimizer.m, { optimizer: 'adam' }), 'state.optimizer.m is missing'],
    ['an extra optimiser field', broken((j) => (j.state.optimizer.velocity = []), { optimizer: 'adam' }), 'state.optimizer.velocity is not part of the adam state; it holds kind, t, m, v'],
    ['another generator\'s state', broken((j) => (j.state.rng.kind = 'xoshiro')), 'state.rng.kind is "xoshiro" but config.rng is "numpy"; they must be equal'],
    ['a short key', broken((j) => j.state.rng.key.pop()), 'state.rng.key has 623 numbers; 624 are needed'],
    ['a word beyond 32 bits', broken((j) => (j.state.rng.key[9] = 2 ** 32)), 'state.rng.key[9] must be a whole number from 0 to 4294967295; got 4294967296'],
    ['a fractional word', broken((j) => (j.state.rng.s[1] = 0.5), { rng: 'xoshiro' }), 'state.rng.s[1] must be a whole number from 0 to 4294967295; got 0.5'],
    ['a position past the key', broken((j) => (j.state.rng.pos = 625)), 'state.rng.pos must be a whole number from 0 to 624; got 625'],
    ['an all-zero xoshiro state', broken((j) => (j.state.rng.s = [0, 0, 0, 0]), { rng: 'xoshiro' }), 'state.rng: the xoshiro128** state is all zero, a state the generator never reaches'],
    ['hasGauss as a number', broken((j) => (j.state.rng.hasGauss = 1)), 'state.rng.hasGauss must be true or false; got 1'],
    ['a stale cached normal', broken((j) => (j.state.rng.gauss = 0.5)), "state.rng: the generator's cached normal must be 0 when hasGauss is false; got 0.5"],
    ['a negative streak', broken((j) => (j.state.zeroGradientStreak = -1)), 'state.zeroGradientStreak must be a whole number from 0 to 9007199254740991; got -1'],
  ];

  it.each(cases)('refuses %s with one clear line', (_name, text, message) => {
    expect(refusalOf(text)).toBe(message);
  });
});
