import { describe, expect, it } from 'vitest';
import { CSV_HEADER, exportModel } from '@shared/export/index';
import { parseModelFile } from '@shared/model-file/modelFile';
import type { Model } from '@shared/model-file/model';
import { weightNames, type WeightName } from '@shared/rnn/weights';
import { randomModel } from './fixture';

const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

/** Values that stress shortest round-trip printing: tiny, huge, negative zero, subnormal, 0.1-like. */
function withAwkwardValues(model: Model): Model {
  const U = model.weights.U!.data;
  U.set([0.1, -0, 1e-300, 5e-324, 123456789.12345679, -2.220446049250313e-16, 1 / 3, -1e21]);
  return model;
}

const models: [string, Model][] = [
  ['sigmoid without biases, awkward values', withAwkwardValues(randomModel())],
  ['tanh with biases, hidden 3', randomModel({ activation: 'tanh', bias: true, hiddenSize: 3 }, 77)],
  ['an LSTM with biases, hidden 2: the gate tensors by name', randomModel({ cell: 'lstm', bias: true, hiddenSize: 2 }, 78)],
  ['a GRU without biases, hidden 3', randomModel({ cell: 'gru', hiddenSize: 3 }, 79)],
];

describe('the CSV export', () => {
  for (const [label, model] of models) {
    it(`parses back to exactly the same weights (${label})`, () => {
      const file = exportModel(model, 'csv', 'adder');
      expect(file.fileName).toBe('adder.csv');
      const [header, ...rows] = text(file.bytes).trimEnd().split('\n');
      expect(header).toBe(CSV_HEADER);
      const seen = new Map<WeightName, Float64Array>();
      for (const row of rows) {
        const cells = row.split(',');
        expect(cells).toHaveLength(4);
        const [name, r, c, value] = cells as [WeightName, string, string, string];
        const tensor = model.weights[name]!;
        const data = seen.get(name) ?? new Float64Array(tensor.data.length).fill(NaN);
        data[Number(r) * tensor.shape[1] + Number(c)] = Number(value);
        seen.set(name, data);
      }
      expect([...seen.keys()]).toEqual(weightNames(model.config));
      for (const name of weightNames(model.config)) {
        expect(Array.from(seen.get(name)!)).toEqual(Array.from(model.weights[name]!.data)); // toEqual tells -0 from 0
      }
      expect(rows).toHaveLength(weightNames(model.config).reduce((n, name) => n + model.weights[name]!.data.length, 0));
    });
  }
});

describe('the JSON export', () => {
  for (const [label, model] of models) {
    it(`is the model file, which parses back to exactly the same model (${label})`, () => {
      const file = exportModel(model, 'json', 'adder');
      expect(file.fileName).toBe('adder.json');
      expect(file.mime).toBe('application/json');
      const back = parseModelFile(text(file.bytes));
      expect(back.config).toEqual(model.config);
      for (const name of weightNames(model.config)) {
        expect(back.weights[name]!.shape).toEqual(model.weights[name]!.shape);
        expect(Array.from(back.weights[name]!.data)).toEqual(Array.from(model.weights[name]!.data));
      }
      expect(back.training).toEqual(model.training);
    });
  }
});
