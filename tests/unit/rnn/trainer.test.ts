import { describe, expect, it, vi } from 'vitest';
import { CONFIG_FIELDS, ConfigError, DEAD_ITERATIONS, MAX_REPLAYED_DRAWS, REFERENCE_PRESET, TrainingLoop, createRandom, fieldOf, initWeights, resolveConfig } from '@shared/rnn';
import type { ConfigKey, TrainConfig, Weights } from '@shared/rnn';
import { Adam, Momentum, powerOf, sgdUpdate } from '@shared/rnn/optimizers';
import { forwardOracle, toPlain } from './oracle';

const run = (config: TrainConfig, n: number) => {
  const trainer = new TrainingLoop(config);
  const losses = new Float64Array(n);
  trainer.train(n, losses);
  return { trainer, losses, weights: trainer.weights() };
};

const mean = (v: Float64Array): number => v.reduce((s, x) => s + x, 0) / v.length;

describe('reproducibility', () => {
  it('gives bit-identical weights and losses for the same seed and configuration', () => {
    for (const overrides of [{}, { rng: 'xoshiro', activation: 'tanh', bias: true, optimizer: 'adam', batchSize: 3 }] as const) {
      const config = resolveConfig({ seed: 77, ...overrides });
      const first = run(config, 400), second = run(config, 400);
      expect(second.losses).toEqual(first.losses);
      expect(second.weights).toEqual(first.weights);
      const other = run({ ...config, seed: 78 }, 400);
      expect(other.losses).not.toEqual(first.losses);
      expect(other.weights.V!.data).not.toEqual(first.weights.V!.data);
    }
  });

  it('gives the same result whether run in one call or many', () => {
    const config = resolveConfig({ seed: 3 });
    const whole = run(config, 300);
    const trainer = new TrainingLoop(config);
    const losses = new Float64Array(300);
    for (let offset = 0; offset < 300; offset += 70) trainer.train(Math.min(70, 300 - offset), losses, offset);
    expect(losses).toEqual(whole.losses);
    expect(trainer.weights()).toEqual(whole.weights);
  });

  it('trains at a learning rate set on the way as a run configured with it does, for every optimiser', () => {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      const slow = resolveConfig({ seed: 21, optimizer, learningRate: 0.1 });
      const fast = { ...slow, learningRate: 0.5 };
      const changed = new TrainingLoop(slow);
      changed.setLearningRate(0.5);
      const losses = new Float64Array(200);
      changed.train(200, losses);
      const reference = run(fast, 200);
      expect(changed.config.learningRate).toBe(0.5);
      expect(losses).toEqual(reference.losses);
      expect(changed.weights()).toEqual(reference.weights);
      expect(run(slow, 200).weights).not.toEqual(reference.weights);
    }
  });

  it('continues a saved model exactly as if it had never stopped (SGD)', () => {
    const config = resolveConfig({ seed: 12 });
    const whole = run(config, 500);
    const firstPart = run(config, 300);
    const resumed = new TrainingLoop(config, { weights: firstPart.weights, iterationsDone: 300 });
    const rest = new Float64Array(200);
    expect(resumed.train(200, rest)).toBe(200);
    expect(resumed.iteration).toBe(500);
    expect(rest).toEqual(whole.losses.subarray(300));
    expect(resumed.weights()).toEqual(whole.weights);
  });

  it('continues a long-trained model at once, reproducibly, without replaying every draw', () => {
    const config = resolveConfig({ seed: 12, batchSize: 64 });
    const { weights } = run(config, 5);
    const done = 900_000_000; // 2 · done · batch draws would take minutes to replay
    expect(2 * done * 64).toBeGreaterThan(MAX_REPLAYED_DRAWS);
    const generator = Object.getPrototypeOf(createRandom(config.rng, 0)) as { nextUint32(): number };
    const draws = vi.spyOn(generator, 'nextUint32');
    const replayed = new TrainingLoop(config, { weights, iterationsDone: 100 });
    expect(draws.mock.calls.length).toBeGreaterThanOrEqual(2 * 100 * 64); // a short past is replayed draw by draw
    draws.mockClear();
    const a = new TrainingLoop(config, { weights, iterationsDone: done });
    expect(draws.mock.calls.length).toBeLessThan(2 * 100 * 64); // a long one is not: only the initial weights are drawn
    draws.mockRestore();
    expect(replayed.iteration).toBe(100);
    const b = new TrainingLoop(config, { weights, iterationsDone: done });
    const c = new TrainingLoop(config, { weights, iterationsDone: done + 1 });
    const [la, lb, lc] = [new Float64Array(20), new Float64Array(20), new Float64Array(20)];
    a.train(20, la);
    b.train(20, lb);
    c.train(20, lc);
    expect(lb).toEqual(la);
    expect(lc).not.toEqual(la);
    expect(a.iteration).toBe(done + 20);
  });

  it('hands out copies of the weights', () => {
    const { trainer } = run(resolveConfig({ seed: 1 }), 10);
    const copy = trainer.weights();
    copy.U!.data[0] = 1e9;
    expect(trainer.weights().U!.data[0]).not.toBe(1e9);
  });
});

describe('options', () => {
  it.each([
    { optimizer: 'sgd', batchSize: 4 },
    { optimizer: 'momentum', learningRate: 0.02 },
    { optimizer: 'adam', learningRate: 0.01, batchSize: 8 },
    { clip: 0.5, learningRate: 0.5 },
    { activation: 'tanh', bias: true, init: 'xavier', learningRate: 0.05 },
  ] as const)('%o trains to finite weights and a falling loss', (overrides) => {
    const { trainer, losses, weights } = run(resolveConfig({ seed: 21, ...overrides }), 4000);
    expect(trainer.divergence).toBeNull();
    expect(losses.every(Number.isFinite)).toBe(true);
    for (const t of Object.values(weights)) expect(t.data.every(Number.isFinite)).toBe(true);
    expect(mean(losses.subarray(3500))).toBeLessThan(0.8 * mean(losses.subarray(0, 500)));
  });

  it('clips the gradient norm over all parameters', () => {
    const config = resolveConfig({ seed: 4, clip: 1e-3, learningRate: 1, bias: true });
    const trainer = new TrainingLoop(config);
    const before = trainer.weights();
    trainer.train(1, new Float64Array(1));
    const after = trainer.weights();
    let step = 0;
    for (const name of ['U', 'V', 'W', 'b_h', 'b_o'] as const) {
      const b = before[name]!.data, a = after[name]!.data;
      for (let i = 0; i < a.length; i++) step += (b[i]! - a[i]!) ** 2;
    }
    const raw = Math.hypot(...Object.values(trainer.gradNorms()));
    expect(raw).toBeGreaterThan(1e-3);
    expect(Math.sqrt(step)).toBeCloseTo(1e-3, 12); // lr · clip
  });

  it('reports for a batch the mean L1 loss per sample', () => {
    const config = resolveConfig({ seed: 9, batchSize: 4 });
    const trainer = new TrainingLoop(config);
    const plain = toPlain(trainer.weights(), config.hiddenSize);
    const rng = createRandom(config.rng, config.seed);
    initWeights(config, rng); // the trainer's first draws
    let sum = 0;
    for (let s = 0; s < 4; s++) {
      const a = rng.randint(128), b = rng.randint(128);
      sum += forwardOracle(plain, config, a, b).loss;
    }
    const losses = new Float64Array(1);
    trainer.train(1, losses);
    expect(losses[0]).toBeCloseTo(sum / 4, 14);
  });

  it('takes a new learning rate at once and checks it', () => {
    const trainer = new TrainingLoop(resolveConfig({ seed: 2 }));
    trainer.setLearningRate(0.5);
    expect(trainer.config.learningRate).toBe(0.5);
    expect(() => trainer.setLearningRate(0)).toThrow(/above 0 and at most 100/);
    expect(() => trainer.setLearningRate(Number.NaN)).toThrow(/Learning rate/);
  });

  it('implements momentum and Adam as written', () => {
    const g = Float64Array.of(2, -1);
    const p = Float64Array.of(1, 1);
    const m = new Momentum(2);
    m.step(p, g, 0.1, 1);
    m.step(p, g, 0.1, 1); // v = 0.9·g + g = 1.9·g
    expect(Array.from(p)).toEqual([1 - 0.1 * 2 - 0.1 * (0.9 * 2 + 2), 1 - 0.1 * -1 - 0.1 * (0.9 * -1 + -1)]);
    const q = Float64Array.of(1, 1);
    new Adam(2).step(q, g, 0.1, 1); // first bias-corrected step is lr·g/(|g| + ε)
    expect(q[0]).toBeCloseTo(1 - 0.1, 7);
    expect(q[1]).toBeCloseTo(1 + 0.1, 7);
    expect(sgdUpdate(Float64Array.of(1), Float64Array.of(Infinity), 0.1, 1)).toBe(false);
  });
});

describe('configuration', () => {
  const bad: Record<ConfigKey, unknown> = {
    bits: 33, cell: 'vanilla', hiddenSize: 0, learningRate: 101, iterations: 0, seed: -1, activation: 'relu', bias: 'yes',
    init: 'he', optimizer: 'rmsprop', batchSize: 1025, clip: -1, rng: 'mt', untilAccuracy: 1.5, evalEvery: 0,
  };
  it.each(CONFIG_FIELDS.map((f) => f.key))('rejects a bad %s with its range in the message', (key) => {
    const config = { ...REFERENCE_PRESET, seed: 1, [key]: bad[key] } as TrainConfig;
    let error: unknown;
    try {
      new TrainingLoop(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe(key);
    expect((error as Error).message).toContain(fieldOf(key).range);
  });

  it('rejects weights that do not fit and bad arguments to train', () => {
    const config = resolveConfig({ seed: 1, hiddenSize: 4 });
    const w = run(config, 1).weights;
    expect(() => new TrainingLoop({ ...config, hiddenSize: 5 }, { weights: w })).toThrow('weights.U.shape is [2, 4]; hidden size 5 needs [2, 5]');
    expect(() => new TrainingLoop({ ...config, bias: true }, { weights: w })).toThrow(/b_h is missing/);
    const nan: Weights = { ...w, W: { shape: [4, 1], data: Float64Array.of(0, Number.NaN, 0, 0) } };
    expect(() => new TrainingLoop(config, { weights: nan })).toThrow('weights.W.data[1] must be a finite number; got NaN');
    expect(() => new TrainingLoop(config, { iterationsDone: -1 })).toThrow(/iterations done/);
    const trainer = new TrainingLoop(config);
    expect(() => trainer.train(5, new Float64Array(4))).toThrow(/room for 4/);
    expect(() => trainer.train(1.5, new Float64Array(4))).toThrow(/whole number/);
  });
});

describe('divergence', () => {
  it('stops a network whose outputs saturated at lr 100, keeping the weights of its last update', () => {
    const trainer = new TrainingLoop(resolveConfig({ seed: 1, learningRate: 100 }));
    const history: Weights[] = [];
    const losses = new Float64Array(1);
    while (trainer.train(1, losses) === 1 && !trainer.divergence) history.push(trainer.weights());
    const divergence = trainer.divergence!;
    expect(divergence).not.toBeNull();
    expect(divergence.iteration).toBe(trainer.iteration);
    expect(divergence.reason).toMatch(new RegExp(`iteration ${divergence.iteration}\\b`));
    expect(divergence.reason).toMatch(/saturated/);
    expect(divergence.reason).toMatch(/[Ll]ower the learning rate and reset/);
    // The last DEAD_ITERATIONS iterations had a zero gradient: the weights are those from before them.
    const weights = trainer.weights();
    for (const t of Object.values(weights)) expect(t.data.every(Number.isFinite)).toBe(true);
    expect(weights).toEqual(history[history.length - DEAD_ITERATIONS]);
    expect(trainer.gradNorms()).toEqual({ U: 0, V: 0, W: 0 });
    expect(losses[0]).toBeGreaterThanOrEqual(0.5);
    expect(trainer.train(10, new Float64Array(10))).toBe(0);
  });

  it('refuses an update that would overflow the weights, and keeps the last finite ones', () => {
    // Two identical hidden units with opposite, enormous output weights: z = h·1e308 − h·1e308 = 0
    // exactly, so the output is 0.5 and the loss finite, but d_h = d_o·W is about 1e307 and
    // lr·dU overflows.
    const config = resolveConfig({ seed: 1, hiddenSize: 2, bits: 4, learningRate: 100 });
    const weights: Weights = {
      U: { shape: [2, 2], data: Float64Array.of(0.5, 0.5, 0.5, 0.5) },
      V: { shape: [2, 2], data: Float64Array.of(0.1, 0.1, 0.1, 0.1) },
      W: { shape: [2, 1], data: Float64Array.of(1e308, -1e308) },
    };
    const trainer = new TrainingLoop(config, { weights, iterationsDone: 40 });
    const losses = new Float64Array(10).fill(-1);
    expect(trainer.train(10, losses)).toBe(0);
    expect(trainer.iteration).toBe(40);
    expect(trainer.divergence!.iteration).toBe(41);
    expect(trainer.divergence!.reason).toMatch(/iteration 41: .*NaN or infinite/);
    expect(trainer.divergence!.reason).toMatch(/after iteration 40/);
    expect(trainer.divergence!.reason).toMatch(/[Ll]ower the learning rate and reset/);
    expect(losses[0]).toBe(-1); // the failed iteration reports nothing
    expect(trainer.weights()).toEqual(weights);
  });
});

describe('Adam’s bias correction', () => {
  it('raises the betas to a whole power with plain multiplications, close to the true power', () => {
    expect(powerOf(0.9, 0)).toBe(1);
    expect(powerOf(0.9, 1)).toBe(0.9);
    expect(powerOf(0.9, 2)).toBe(0.9 * 0.9);
    expect(powerOf(0.9, 5)).toBe(0.9 * ((0.9 * 0.9) * (0.9 * 0.9)));
    for (const n of [3, 17, 1000, 123_456]) expect(Math.abs(powerOf(0.999, n) / 0.999 ** n - 1)).toBeLessThan(1e-9);
  });
});
