import { afterEach, describe, expect, it } from 'vitest';
import { TrainingLoop, cloneTrainerState, type TrainConfig, type TrainerState } from '@shared/rnn/index';
import { concatenatedLosses, config, connect, disposeAll, sameBits } from './harness';

afterEach(disposeAll);

/** What an uninterrupted run of `total` iterations ends with. */
function uninterrupted(cfg: TrainConfig, total: number): { losses: Float64Array; state: TrainerState } {
  const trainer = new TrainingLoop(cfg);
  const losses = new Float64Array(total);
  expect(trainer.train(total, losses)).toBe(total);
  return { losses, state: trainer.state() };
}

function expectSameBits(actual: TrainerState, expected: TrainerState): void {
  expect(actual.iteration).toBe(expected.iteration);
  for (const [name, t] of Object.entries(expected.weights)) expect(sameBits(actual.weights[name as 'U']!.data, t!.data), name).toBe(true);
  expect(actual.optimizer).toEqual(expected.optimizer);
  expect(actual.rng).toEqual(expected.rng);
}

describe('TrainerService checkpoints', () => {
  it.each([
    { optimizer: 'adam', learningRate: 0.01, batchSize: 3, rng: 'numpy' },
    { optimizer: 'momentum', learningRate: 0.05, batchSize: 1, rng: 'xoshiro' },
  ] as const)('restores a checkpoint taken while running bit for bit (%o)', async (overrides) => {
    const total = 40_000;
    const cfg = config({ ...overrides, iterations: total });
    const first = connect();
    first.send({ type: 'start', config: cfg });
    await first.waitFor('progress', (p) => p.iteration > 0);
    first.send({ type: 'checkpoint' });
    const checkpoint = await first.waitFor('checkpoint');
    first.send({ type: 'stop' });
    const at = checkpoint.state.iteration;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(total);
    expect(checkpoint.config).toEqual(cfg);
    // The progress before the checkpoint reaches exactly its iteration.
    const before = first.received.slice(0, first.received.indexOf(checkpoint)).filter((m) => m.type === 'progress');
    expect(before.at(-1)).toMatchObject({ iteration: at });

    const expected = uninterrupted(cfg, total);
    const second = connect();
    second.send({ type: 'start', config: { ...checkpoint.config, iterations: total - at }, state: cloneTrainerState(checkpoint.state) });
    const finished = await second.waitFor('finished');
    expect(finished.iteration).toBe(total);
    expect(sameBits(concatenatedLosses(second.of('progress'), at), expected.losses.subarray(at))).toBe(true);
    second.send({ type: 'checkpoint' });
    expectSameBits((await second.waitFor('checkpoint')).state, expected.state);
  });

  it('answers a checkpoint while paused at an exact iteration and keeps the learning rate set on the way', async () => {
    const cfg = config({ optimizer: 'adam', learningRate: 0.01, iterations: 1000 });
    const t = connect();
    t.send({ type: 'start', config: cfg, paused: true });
    t.send({ type: 'step', n: 250 });
    await t.waitFor('state', (m) => m.state === 'paused' && m.iteration === 250);
    t.send({ type: 'setLearningRate', learningRate: 0.002 });
    t.send({ type: 'checkpoint' });
    const { state, config: inUse } = await t.waitFor('checkpoint');
    expect(state.iteration).toBe(250);
    expect(inUse.learningRate).toBe(0.002);
    const direct = new TrainingLoop(cfg);
    direct.train(250, new Float64Array(250));
    expectSameBits(state, direct.state());
  });

  const sample = (): TrainerState => {
    const trainer = new TrainingLoop(config({ optimizer: 'momentum' }));
    trainer.train(5, new Float64Array(5));
    return trainer.state();
  };
  const good = config({ optimizer: 'momentum' });
  it.each<[string, (s: any) => Record<string, unknown>, string]>([
    ['a state that is not an object', () => ({ state: 'state' }), 'start.state must be an object (a checkpoint\'s state); got "state"'],
    ['state and weights together', (s) => ({ weights: s.weights, state: s }), 'start.state holds the weights and the iteration; send it without start.weights and start.iterationsDone'],
    ['a misshapen weight', (s) => ({ state: { ...s, weights: { ...s.weights, W: { shape: [8, 1], data: new Float64Array(8) } } } }), 'start.state.weights.W.shape is [8, 1]; hidden size 16 needs [16, 1]'],
    ['a velocity as a plain array', (s) => ({ state: { ...s, optimizer: { kind: 'momentum', velocity: Array.from(s.optimizer.velocity) } } }), 'start.state.optimizer.velocity must be a Float64Array; got an array'],
    ['a short velocity', (s) => ({ state: { ...s, optimizer: { kind: 'momentum', velocity: new Float64Array(3) } } }), 'start.state: the momentum velocity has 3 numbers; this model has 304 parameters'],
    ['an unknown optimiser', (s) => ({ state: { ...s, optimizer: { kind: 'rmsprop' } } }), 'start.state.optimizer.kind must be sgd, momentum or adam; got "rmsprop"'],
    ['another generator\'s state', (s) => ({ state: { ...s, rng: { kind: 'xoshiro', s: [1, 2, 3, 4], hasGauss: false, gauss: 0 } } }), "start.state: the generator state is for 'xoshiro' but the configuration uses 'numpy'"],
    ['a key of plain numbers', (s) => ({ state: { ...s, rng: { ...s.rng, key: Array.from(s.rng.key) } } }), 'start.state.rng.key must be a Uint32Array; got an array'],
    ['a position past the key', (s) => ({ state: { ...s, rng: { ...s.rng, pos: 700 } } }), 'start.state: the MT19937 position must be a whole number from 0 to 624; got 700'],
    ['a negative iteration', (s) => ({ state: { ...s, iteration: -3 } }), 'start.state: the iteration must be a whole number of at least 0; got -3'],
  ])('refuses a start with %s in one line', (_name, change, text) => {
    const t = connect();
    t.send({ type: 'start', config: good, ...change(sample()) });
    expect(t.received).toEqual([{ type: 'error', code: 'bad-message', message: text }]);
  });
});
