import { describe, expect, it } from 'vitest';
import { encodeSafetensors, exportModel } from '@shared/export/index';
import type { Model } from '@shared/model-file/model';
import { weightNames } from '@shared/rnn/weights';
import { randomModel } from './fixture';

interface TensorEntry { dtype: string; shape: number[]; data_offsets: [number, number] }

/**
 * A reader written from the published format description (huggingface/safetensors README):
 * u64 LE header size N, N bytes of UTF-8 JSON, then a byte buffer the offsets index into.
 * It decodes with its own loops, not the exporter's helpers.
 */
function readSafetensors(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const headerText = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  if (!headerText.startsWith('{')) throw new Error('header must start with {');
  const header = JSON.parse(headerText) as Record<string, unknown>;
  const metadata = header.__metadata__ as Record<string, unknown>;
  const buffer = bytes.subarray(8 + n);
  const tensors: Record<string, { dtype: string; shape: number[]; values: number[] }> = {};
  const ranges: [number, number][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = raw as TensorEntry;
    const [begin, end] = entry.data_offsets;
    const width = entry.dtype === 'F64' ? 8 : entry.dtype === 'F32' ? 4 : NaN;
    if (end - begin !== entry.shape.reduce((p, d) => p * d, 1) * width) throw new Error(`${name}: byte range does not match its shape`);
    ranges.push([begin, end]);
    const values: number[] = [];
    for (let at = 8 + n + begin; at < 8 + n + end; at += width) values.push(width === 8 ? view.getFloat64(at, true) : view.getFloat32(at, true));
    tensors[name] = { dtype: entry.dtype, shape: entry.shape, values };
  }
  ranges.sort((p, q) => p[0] - q[0]);
  let expected = 0;
  for (const [begin, end] of ranges) {
    if (begin !== expected) throw new Error('the byte buffer has holes or overlaps');
    expected = end;
  }
  if (expected !== buffer.length) throw new Error('the byte buffer is not entirely indexed');
  return { headerLength: n, headerText, metadata, tensors };
}

const models: [string, Model][] = [
  ['sigmoid without biases', randomModel()],
  ['tanh with biases, hidden 7', randomModel({ activation: 'tanh', bias: true, hiddenSize: 7 }, 21)],
  ['an LSTM with biases, hidden 3: the gate tensors by name', randomModel({ cell: 'lstm', bias: true, hiddenSize: 3 }, 22)],
  ['a GRU with biases, hidden 4', randomModel({ cell: 'gru', bias: true, hiddenSize: 4 }, 23)],
];

describe('the safetensors export, read by an independent reader', () => {
  for (const [label, model] of models) {
    it(`F64 holds every weight exactly (${label})`, () => {
      const file = exportModel(model, 'safetensors', 'adder');
      expect(file.fileName).toBe('adder.safetensors');
      const read = readSafetensors(file.bytes);
      expect(Object.keys(read.tensors)).toEqual(weightNames(model.config));
      for (const name of weightNames(model.config)) {
        const tensor = model.weights[name]!;
        expect(read.tensors[name]).toEqual({ dtype: 'F64', shape: tensor.shape, values: Array.from(tensor.data) });
      }
    });

    it(`F32 holds every weight rounded to float32 (${label})`, () => {
      const read = readSafetensors(encodeSafetensors(model, { dtype: 'F32' }));
      for (const name of weightNames(model.config)) {
        const tensor = model.weights[name]!;
        expect(read.tensors[name]).toEqual({ dtype: 'F32', shape: tensor.shape, values: Array.from(tensor.data, Math.fround) });
      }
      const viaEntryPoint = exportModel(model, 'safetensors', 'adder', { safetensorsDtype: 'F32' });
      expect(viaEntryPoint.bytes).toEqual(encodeSafetensors(model, { dtype: 'F32' }));
    });

    it(`keeps the configuration as string metadata and pads the header with spaces to 8 bytes (${label})`, () => {
      const read = readSafetensors(exportModel(model, 'safetensors', 'adder').bytes);
      expect(read.headerLength % 8).toBe(0);
      expect(read.headerText).toMatch(/} *$/);
      for (const value of Object.values(read.metadata)) expect(typeof value).toBe('string');
      for (const [key, value] of Object.entries(model.config)) expect(read.metadata[key]).toBe(String(value));
    });
  }

  it('refuses a dtype it cannot write, naming the allowed ones', () => {
    expect(() => encodeSafetensors(randomModel(), { dtype: 'F16' as 'F32' })).toThrow('safetensors dtype must be F64 or F32; got F16');
  });
});
