import { describe, expect, it } from 'vitest';
import { parseModelFile, serializeModel, cloneModel } from '@shared/model-file/modelFile';
import { MODEL_FORMAT, MODEL_VERSION, type Model } from '@shared/model-file/model';
import { sampleModel } from './sampleModel';

function expectBitIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`index ${i}: ${actual[i]} is not ${expected[i]}`);
  }
}

function expectSameModel(actual: Model, expected: Model): void {
  expect(actual.config).toEqual(expected.config);
  expect(actual.training).toEqual(expected.training);
  expect(Object.keys(actual.weights).sort()).toEqual(Object.keys(expected.weights).sort());
  for (const [name, tensor] of Object.entries(expected.weights)) {
    const got = actual.weights[name as keyof Model['weights']]!;
    expect(got.shape).toEqual(tensor!.shape);
    expect(got.data).toBeInstanceOf(Float64Array);
    expectBitIdentical(got.data, tensor!.data);
  }
  expect(actual.lossHistory.stride).toBe(expected.lossHistory.stride);
  expect(actual.lossHistory.values).toBeInstanceOf(Float64Array);
  expectBitIdentical(actual.lossHistory.values, expected.lossHistory.values);
}

describe('model file round trip', () => {
  it('writes the documented layout', () => {
    const json = JSON.parse(serializeModel(sampleModel({ bias: true })));
    expect(json.format).toBe(MODEL_FORMAT);
    expect(json.version).toBe(MODEL_VERSION);
    expect(Object.keys(json.weights)).toEqual(['U', 'V', 'W', 'b_h', 'b_o']);
    expect(json.weights.V!.shape).toEqual([16, 16]);
    expect(json.weights.V!.data).toHaveLength(256);
    expect(json.weights.b_o!.shape).toEqual([1, 1]);
    expect(Object.keys(json.training)).toEqual(['iterations', 'lastLoss', 'accuracy', 'bitAccuracy', 'seed', 'elapsedSeconds']);
    expect(json.lossHistory.stride).toBe(10);
    expect(json.lossHistory.values).toHaveLength(50);
  });

  it('keeps every weight bit-identical, awkward doubles included', () => {
    const model = sampleModel();
    const awkward = [0.1 + 0.2, 5e-324, -0, 0, -5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 1 / 3, Math.PI, 2 ** 53 + 2, 1e21, 1e-7, 123456789.12345679, -1.5e-10];
    awkward.forEach((v, i) => (model.weights.V!.data[i] = v));
    const back = parseModelFile(serializeModel(model));
    expectSameModel(back, model);
    expect(Object.is(back.weights.V!.data[2], -0)).toBe(true);
    expect(back.weights.V!.data[1]).toBe(5e-324);
  });

  it('keeps random bit patterns exact, with biases and tanh', () => {
    const model = sampleModel({ bias: true, activation: 'tanh', hiddenSize: 33, bits: 12, optimizer: 'adam', learningRate: 0.003, clip: 5, rng: 'xoshiro', batchSize: 7 });
    const view = new DataView(new ArrayBuffer(8));
    let s = 99;
    for (const tensor of Object.values(model.weights)) {
      for (let i = 0; i < tensor!.data.length; i++) {
        do {
          for (let b = 0; b < 8; b++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; view.setUint8(b, s >>> 24); }
        } while (!Number.isFinite(view.getFloat64(0)));
        tensor!.data[i] = view.getFloat64(0);
      }
    }
    model.training = { iterations: 123457, lastLoss: null, accuracy: null, bitAccuracy: null, seed: model.config.seed, elapsedSeconds: 0 };
    const text = serializeModel(model);
    const back = parseModelFile(text);
    expectSameModel(back, model);
    expect(serializeModel(back)).toBe(text);
  });

  it.each(['lstm', 'gru'] as const)('keeps a %s model\'s gate weights under their names', (cell) => {
    const model = sampleModel({ cell, bias: true, hiddenSize: 5 });
    const text = serializeModel(model);
    const back = parseModelFile(text);
    expectSameModel(back, model);
    const gates = cell === 'lstm' ? ['i', 'o', 'f', 'c'] : ['z', 'r', 'h'];
    expect(Object.keys(back.weights)).toEqual([...gates.map((g) => `U_${g}`), ...gates.map((g) => `V_${g}`), 'W', ...gates.map((g) => `b_h${g}`), 'b_o']);
    expect(JSON.parse(text).config.cell).toBe(cell);
    expect(back.weights[cell === 'lstm' ? 'V_f' : 'V_r']!.shape).toEqual([5, 5]);
  });

  it('never changes the model it writes', () => {
    const model = sampleModel({ bias: true });
    const copy = cloneModel(model);
    serializeModel(model);
    expectSameModel(model, copy);
  });

  it('refuses to write a non-finite weight', () => {
    const model = sampleModel();
    model.weights.W!.data[3] = Number.NaN;
    expect(() => serializeModel(model)).toThrow('weights.W.data[3] is NaN; a model file holds finite numbers only');
  });

  it('copies a model deeply, so the copy does not change with the original', () => {
    const source = sampleModel();
    const model = cloneModel(source);
    expectSameModel(model, source);
    source.weights.U!.data[0] = 42;
    source.lossHistory.values[0] = 42;
    source.training.iterations = 1;
    expect(model.weights.U!.data[0]).not.toBe(42);
    expect(model.lossHistory.values[0]).not.toBe(42);
    expect(model.training.iterations).toBe(500);
  });
});

describe('writing a model with an oversized loss history', () => {
  it('compacts the history to at most 10 000 points so the file opens again', () => {
    const model = sampleModel();
    model.training.iterations = 25_000;
    model.lossHistory = { stride: 1, values: Float64Array.from({ length: 25_000 }, (_, i) => i % 7) };
    const back = parseModelFile(serializeModel(model));
    expect(back.lossHistory.stride).toBe(3);
    expect(back.lossHistory.values.length).toBe(8334);
    expect(back.lossHistory.values[0]).toBe(1); // mean of 0, 1, 2
    expect(model.lossHistory.values.length).toBe(25_000);
  });

  it('refuses to write a history that covers more iterations than were done', () => {
    const model = sampleModel();
    model.training.iterations = 100;
    expect(() => serializeModel(model)).toThrow('the loss history (50 points of stride 10) covers more than the 100 iterations done');
  });
});
