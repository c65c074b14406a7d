/**
 * ONNX export: the studio's forward pass as a standard ONNX graph, in float32.
 *
 *   x [sequence, batch, 2] ─ RNN | LSTM | GRU ─ Y [sequence, 1, batch, H]
 *     ─ Squeeze(axis 1) ─ MatMul(W) ─ Add(b_o) ─ Sigmoid ─ y [sequence, batch, 1]
 *
 * The recurrence is ONNX's operator for the cell, whose inputs are the gate
 * weights relabelled, gates in the operator's order (LSTM i, o, f, c; GRU
 * z, r, h with linear_before_reset = 0): W = [U_g…]ᵀ stacked, R = [V_g…]ᵀ
 * stacked, B = [b_h…, 0…] (the studio's one bias per gate is ONNX's Wb).
 *
 * x holds the bit pairs least significant first; y_t > 0.5 reads as a 1 bit.
 */

import { float32LE } from './bytes';
import type { Exporter } from './formats';
import { DataType, modelProto, nodeProto, tensorProto, valueInfo, type Attribute } from './onnxProto';
import { modelTensors } from './tensors';
import type { Model } from '../model-file/model';
import type { Activation, Cell } from '../rnn/config';
import { gateWeightNames, type Tensor, type WeightName } from '../rnn/weights';

/** IR version 8 is the one that goes with opset 17 (ONNX 1.12), which every current runtime reads. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

/** The model's bytes. Graph input `x`, output `y`; sequence and batch are free dimensions. */
export function encodeOnnx(model: Model): Uint8Array {
  const { config } = model;
  const H = config.hiddenSize;
  const tensors: Partial<Record<WeightName, Tensor>> = Object.fromEntries(modelTensors(model).map(({ name, tensor }) => [name, tensor]));
  const names = gateWeightNames(config.cell);
  const G = names.U.length;
  const stacked = (list: WeightName[]): Float64Array => {
    const out = new Float64Array(list.reduce((n, name) => n + tensors[name]!.data.length, 0));
    let at = 0;
    for (const name of list) {
      out.set(transpose(tensors[name]!), at);
      at += tensors[name]!.data.length;
    }
    return out;
  };
  const bias = new Float64Array(2 * G * H); // [Wb, Rb]: each gate's bias once, Rb stays 0 so it is not added twice
  names.b.forEach((name, g) => {
    if (tensors[name]) bias.set(tensors[name]!.data, g * H);
  });
  const recurrence = RECURRENCE[config.cell];
  const outputBias = tensors.b_o ? tensors.b_o!.data : new Float64Array(1);

  const float = (name: string, dims: number[], data: ArrayLike<number>) => tensorProto(name, dims, DataType.FLOAT, float32LE(data));
  const axes = new Uint8Array(8);
  new DataView(axes.buffer).setBigInt64(0, 1n, true);

  return modelProto({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'RNN Studio',
    producerVersion: '1',
    doc: `${recurrence.doc(config.activation)} with a sigmoid output, hidden size ${H}, that adds two ${config.bits}-bit numbers bit by bit.`,
    metadata: Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)])),
    graph: {
      name: 'binary_adder_rnn',
      doc: 'x: bit pairs [a_bit, b_bit] least significant first; y: probability that each sum bit is 1.',
      nodes: [
        nodeProto(recurrence.op, 'recurrence', ['x', `${recurrence.prefix}_W`, `${recurrence.prefix}_R`, `${recurrence.prefix}_B`], ['hidden_states'], [
          { name: 'hidden_size', int: H },
          ...recurrence.attributes(config.activation),
        ]),
        nodeProto('Squeeze', 'drop_direction', ['hidden_states', 'direction_axis'], ['hidden']),
        nodeProto('MatMul', 'output_weights', ['hidden', 'W'], ['output_logits_unbiased']),
        nodeProto('Add', 'output_bias', ['output_logits_unbiased', 'b_o'], ['output_logits']),
        nodeProto('Sigmoid', 'output_activation', ['output_logits'], ['y']),
      ],
      initializers: [
        float(`${recurrence.prefix}_W`, [1, G * H, 2], stacked(names.U)),
        float(`${recurrence.prefix}_R`, [1, G * H, H], stacked(names.V)),
        float(`${recurrence.prefix}_B`, [1, 2 * G * H], bias),
        float('W', [H, 1], tensors.W!.data),
        float('b_o', [1], outputBias),
        tensorProto('direction_axis', [1], DataType.INT64, axes),
      ],
      inputs: [valueInfo('x', DataType.FLOAT, ['sequence', 'batch', 2], 'bit pairs, least significant first')],
      outputs: [valueInfo('y', DataType.FLOAT, ['sequence', 'batch', 1], 'sum bit probabilities, least significant first')],
    },
  });
}

/** ONNX's operator for each cell, with what it needs told. */
const RECURRENCE: Record<Cell, { op: string; prefix: string; doc(activation: Activation): string; attributes(activation: Activation): Attribute[] }> = {
  rnn: {
    op: 'RNN',
    prefix: 'rnn',
    doc: (activation) => `A vanilla RNN (${activation} hidden)`,
    attributes: (activation) => [{ name: 'activations', strings: [activation === 'tanh' ? 'Tanh' : 'Sigmoid'] }],
  },
  lstm: { op: 'LSTM', prefix: 'lstm', doc: () => 'An LSTM (gates i, o, f, c; no peepholes)', attributes: () => [] },
  gru: {
    op: 'GRU',
    prefix: 'gru',
    doc: () => 'A GRU (gates z, r, h; linear_before_reset = 0)',
    attributes: () => [{ name: 'linear_before_reset', int: 0 }],
  },
};

/** A row-major matrix's transpose, row-major. */
function transpose(t: Tensor): Float64Array {
  const [rows, cols] = t.shape;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = t.data[r * cols + c]!;
  return out;
}

export const onnxExporter: Exporter = {
  format: 'onnx',
  label: 'ONNX model (float32)',
  extension: 'onnx',
  mime: 'application/octet-stream',
  encode: (model) => encodeOnnx(model),
};
