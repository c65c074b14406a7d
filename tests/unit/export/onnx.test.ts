import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportModel, ONNX_IR_VERSION, ONNX_OPSET } from '@shared/export/index';
import type { Model } from '@shared/model-file/model';
import { evaluate, predict } from '@shared/rnn/index';
import { randomModel, trainedModel } from './fixture';

const BITS = 8;
const HALF = 2 ** (BITS - 1);
const PAIRS = HALF * HALF;

beforeAll(() => {
  // The WebAssembly build, single-threaded, loading its .wasm from the installed package (no download).
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = `${join(dirname(createRequire(import.meta.url).resolve('onnxruntime-web')), '/')}`;
});

/** All 128 × 128 pairs in one batch: x[t, a·128 + b] = [bit t of a, bit t of b]. */
function everyPair(): ort.Tensor {
  const x = new Float32Array(BITS * PAIRS * 2);
  for (let t = 0; t < BITS; t++) {
    for (let a = 0; a < HALF; a++) {
      for (let b = 0; b < HALF; b++) {
        const at = (t * PAIRS + a * HALF + b) * 2;
        x[at] = (a >> t) & 1;
        x[at + 1] = (b >> t) & 1;
      }
    }
  }
  return new ort.Tensor('float32', x, [BITS, PAIRS, 2]);
}

async function runOnnx(model: Model): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(exportModel(model, 'onnx', 'adder').bytes);
  try {
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const { y } = await session.run({ x: everyPair() });
    expect(y!.dims).toEqual([BITS, PAIRS, 1]);
    return y!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const cases: [string, Model][] = [
  ['sigmoid without biases: the reference preset, fully trained', trainedModel({}, 1, 20_000)],
  ['sigmoid without biases: the reference preset, partly trained', trainedModel({}, 2, 3_000)],
  ['tanh with biases, Xavier initialisation, fully trained', trainedModel({ activation: 'tanh', bias: true, init: 'xavier' }, 1, 20_000)],
  ['tanh with biases, partly trained', trainedModel({ activation: 'tanh', bias: true }, 1, 20_000)],
  ['LSTM with biases, as ONNX\'s LSTM operator', trainedModel({ cell: 'lstm', bias: true, learningRate: 0.5 }, 1, 1_500)],
  ['LSTM without biases, random weights', randomModel({ cell: 'lstm' }, 7, 0.8)],
  ['GRU with biases, as ONNX\'s GRU operator', trainedModel({ cell: 'gru', bias: true, learningRate: 0.5 }, 1, 1_500)],
  ['GRU without biases, random weights', randomModel({ cell: 'gru' }, 8, 0.8)],
];

describe('the ONNX export, run by onnxruntime-web on every 8-bit input pair', () => {
  for (const [label, model] of cases) {
    it(`computes the studio's forward pass within 1e-5 and gives the same accuracy (${label})`, async () => {
      const y = await runOnnx(model);
      let maxError = 0;
      let rightOnnx = 0;
      let rightStudio = 0;
      for (let a = 0; a < HALF; a++) {
        for (let b = 0; b < HALF; b++) {
          const studio = predict(model.weights, model.config, a, b);
          let sum = 0;
          for (let t = 0; t < BITS; t++) {
            const o = y[t * PAIRS + a * HALF + b]!;
            maxError = Math.max(maxError, Math.abs(o - studio.outputs[BITS - 1 - t]!)); // studio outputs are MSB first
            if (o > 0.5) sum += 2 ** t;
          }
          if (sum === a + b) rightOnnx++;
          if (studio.correct) rightStudio++;
        }
      }
      expect(maxError).toBeLessThan(1e-5);
      expect(rightOnnx).toBe(rightStudio);
      expect(rightOnnx / PAIRS).toBe(evaluate(model.weights, model.config).exact);
    });
  }

  it(`declares IR version ${ONNX_IR_VERSION} and opset ${ONNX_OPSET} of the default domain`, () => {
    const top = readFields(exportModel(randomModel(), 'onnx', 'adder').bytes);
    expect(top.get(1)).toEqual([ONNX_IR_VERSION]);
    const opsets = (top.get(8) as Uint8Array[]).map(readFields);
    expect(opsets).toHaveLength(1);
    expect(opsets[0]!.get(2)).toEqual([ONNX_OPSET]);
    expect(new TextDecoder().decode((opsets[0]!.get(1)?.[0] as Uint8Array | undefined) ?? new Uint8Array())).toBe('');
  });
});

/** Top-level fields of a protobuf message: varints as numbers, length-delimited ones as bytes. */
function readFields(bytes: Uint8Array): Map<number, (number | Uint8Array)[]> {
  const fields = new Map<number, (number | Uint8Array)[]>();
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let scale = 1; ; scale *= 128) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    let value: number | Uint8Array;
    switch (key % 8) {
      case 0: value = varint(); break;
      case 2: { const n = varint(); value = bytes.subarray(at, at + n); at += n; break; }
      case 5: value = bytes.subarray(at, at + 4); at += 4; break;
      default: throw new Error(`unexpected wire type ${key % 8}`);
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}
