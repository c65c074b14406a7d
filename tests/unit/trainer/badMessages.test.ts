import { afterEach, describe, expect, it } from 'vitest';
import { TrainingLoop, initWeights, createRandom } from '@shared/rnn/index';
import { MAX_TRAINING_ITERATIONS } from '@shared/model-file/model';
import { MAX_STEP } from '@shared/trainer/validateMessage';
import { config, connectOnClock, disposeAll } from './harness';

afterEach(disposeAll);

const good = config({ iterations: 200 });
const goodWeights = initWeights(good, createRandom('numpy', 1));
const { seed: _seed, ...withoutSeed } = good;
const adam = config({ iterations: 200, optimizer: 'adam', learningRate: 0.01 });
const adamState = (() => {
  const trainer = new TrainingLoop(adam);
  trainer.train(10, new Float64Array(10));
  return trainer.state();
})();

const cases: [name: string, message: unknown, code: string, text: string | RegExp][] = [
  ['null', null, 'bad-message', 'a message must be an object with a "type"; got null'],
  ['a string', 'start', 'bad-message', 'a message must be an object with a "type"; got "start"'],
  ['an array', [{ type: 'pause' }], 'bad-message', 'a message must be an object with a "type"; got an array'],
  ['no type', {}, 'bad-message', 'unknown message type (none); the types are start, pause, resume, step, stop, setLearningRate, setPace, snapshot, checkpoint'],
  ['an unknown type', { type: 'fly' }, 'bad-message', /^unknown message type "fly"; the types are start, /],
  ['step without n', { type: 'step' }, 'bad-message', `step.n must be a whole number from 1 to ${MAX_STEP}; got nothing`],
  ['step 0', { type: 'step', n: 0 }, 'bad-message', `step.n must be a whole number from 1 to ${MAX_STEP}; got 0`],
  ['a fractional step', { type: 'step', n: 1.5 }, 'bad-message', `step.n must be a whole number from 1 to ${MAX_STEP}; got 1.5`],
  ['a step as text', { type: 'step', n: '3' }, 'bad-message', `step.n must be a whole number from 1 to ${MAX_STEP}; got "3"`],
  ['a step too large', { type: 'step', n: MAX_STEP + 1 }, 'bad-message', `step.n must be a whole number from 1 to ${MAX_STEP}; got ${MAX_STEP + 1}`],
  ['a negative learning rate', { type: 'setLearningRate', learningRate: -1 }, 'bad-config', 'Learning rate must be a number above 0 and at most 100; got -1'],
  ['a learning rate as text', { type: 'setLearningRate', learningRate: 'fast' }, 'bad-config', 'Learning rate must be a number above 0 and at most 100; got "fast"'],
  ['a pace of zero', { type: 'setPace', pace: 0 }, 'bad-message', 'setPace: the pace must be a number of iterations per second from 0.1 to 1000000, or null for full speed; got 0'],
  ['a pace as text', { type: 'setPace', pace: 'slow' }, 'bad-message', 'setPace: the pace must be a number of iterations per second from 0.1 to 1000000, or null for full speed; got "slow"'],
  ['a start with an infinite pace', { type: 'start', config: good, pace: Infinity }, 'bad-message', /^start\.pace: the pace must be .*; got Infinity$/],
  ['a snapshot plan with a stride of 0', { type: 'start', config: good, snapshots: { first: 0, stride: 0, limit: 200 } }, 'bad-message', /^start\.snapshots must be \{ first, stride, limit \}: .*; got an object$/],
  ['a snapshot plan from after the start', { type: 'start', config: good, snapshots: { first: 5, stride: 1, limit: 200 } }, 'bad-message', /from 0 to the 0 iterations done/],
  ['a snapshot plan keeping 2', { type: 'start', config: good, snapshots: { first: 0, stride: 1, limit: 2 } }, 'bad-message', /the most it keeps \(3 to 10000\)/],
  ['start without config', { type: 'start' }, 'bad-message', 'start.config must be an object holding every option; got nothing'],
  ['start without a seed', { type: 'start', config: withoutSeed }, 'bad-config', 'start.config is missing seed'],
  ['start with 99 bits', { type: 'start', config: { ...good, bits: 99 } }, 'bad-config', 'Bits must be an integer from 2 to 32; got 99'],
  ['start with an unknown option', { type: 'start', config: { ...good, dropout: 0.1 } }, 'bad-config', /^unknown option "dropout"; options are /],
  ['start with misshapen weights', { type: 'start', config: { ...good, hiddenSize: 8 }, weights: goodWeights }, 'bad-message', 'start.weights.U.shape is [2, 16]; hidden size 8 needs [2, 8]'],
  ['start with weights as text', { type: 'start', config: good, weights: { ...goodWeights, W: { shape: [16, 1], data: 'zeros' } } }, 'bad-message', 'start.weights.W.data must be a list of numbers; got "zeros"'],
  ['start with a NaN weight', { type: 'start', config: good, weights: { ...goodWeights, V: { shape: [16, 16], data: new Float64Array(256).fill(Number.NaN) } } }, 'bad-message', 'start.weights.V.data[0] must be a finite number; got NaN'],
  ['start with biases the config lacks', { type: 'start', config: good, weights: { ...goodWeights, b_h: { shape: [1, 16], data: new Float64Array(16) } } }, 'bad-message', 'start.weights.b_h is present but biases are off; a model without biases has only U, V, W'],
  ['negative iterationsDone', { type: 'start', config: good, weights: goodWeights, iterationsDone: -1 }, 'bad-message', 'start.iterationsDone must be a whole number of at least 0; got -1'],
  ['iterationsDone without weights', { type: 'start', config: good, iterationsDone: 10 }, 'bad-message', 'start.iterationsDone needs start.weights (the weights those iterations trained)'],
  ['paused as text', { type: 'start', config: good, paused: 'yes' }, 'bad-message', 'start.paused must be true or false; got "yes"'],
  ['queued as a number', { type: 'start', config: good, queued: 1 }, 'bad-message', 'start.queued must be true or false; got 1'],
  ['a run id as text', { type: 'start', config: good, runId: '7' }, 'bad-message', 'start.runId must be a whole number of at least 0; got "7"'],
  ['a negative run id', { type: 'start', config: good, runId: -1 }, 'bad-message', 'start.runId must be a whole number of at least 0; got -1'],
  [
    'a run past the most iterations a file holds',
    { type: 'start', config: good, weights: goodWeights, iterationsDone: MAX_TRAINING_ITERATIONS - 199 },
    'bad-config',
    `200 more iterations would take the model past ${MAX_TRAINING_ITERATIONS}, the most a model file holds; it has done ${MAX_TRAINING_ITERATIONS - 199}, so at most 199 more can run`,
  ],
  [
    'more Adam steps than iterations',
    { type: 'start', config: adam, state: { ...adamState, optimizer: { ...adamState.optimizer, t: 11 } } },
    'bad-message',
    "start.state: Adam's step count must be at most the 10 iterations done (one step an iteration); got 11",
  ],
];

describe('TrainerService refuses bad messages', () => {
  it.each(cases)('answers %s with an error and carries on', async (_name, message, code, text) => {
    // A machine slow enough (0.1 ms an iteration) that the short run after the error draws no accuracy curve.
    const t = connectOnClock({ msPerIteration: 0.1 });
    expect(() => t.send(message)).not.toThrow();
    expect(t.received).toHaveLength(1);
    const error = t.received[0]!;
    expect(error).toMatchObject({ type: 'error', code });
    if (typeof text === 'string') expect((error as { message: string }).message).toBe(text);
    else expect((error as { message: string }).message).toMatch(text);

    t.send({ type: 'start', config: good });
    const finished = await t.waitFor('finished');
    expect(finished.iteration).toBe(200);
  });

  it.each(['pause', 'resume', 'stop', 'snapshot', 'checkpoint', 'setLearningRate', 'step'])('answers %s before any start with not-started', (type) => {
    const t = connectOnClock();
    t.send({ type, n: 1, learningRate: 0.5 });
    expect(t.received).toEqual([{ type: 'error', code: 'not-started', message: `nothing to ${type}: no run has been started; send start first` }]);
  });

  it('does not run a start whose config was refused', async () => {
    const t = connectOnClock();
    t.send({ type: 'start', config: { ...good, learningRate: 0 } });
    expect(t.scheduler.pending).toBe(0);
    expect(t.received.map((m) => m.type)).toEqual(['error']);
  });
});
