/**
 * ONNX export: the studio's forward pass as a standard ONNX graph, in float32.
 *
 *   x [sequence, batch, 2] ─ RNN(W = Uᵀ, R = Vᵀ, B = [b_h, 0]) ─ Y [sequence, 1, batch, H]
 *     ─ Squeeze(axis 1) ─ MatMul(W) ─ Add(b_o) ─ Sigmoid ─ y [sequence, batch, 1]
 *
 * x holds the bit pairs least significant first; y_t > 0.5 reads as a 1 bit.
 */

import { float32LE } from './bytes';
import type { Exporter } from './formats';
import { DataType, modelProto, nodeProto, tensorProto, valueInfo } from './onnxProto';
import { modelTensors } from './tensors';
import type { Model } from '../model-file/model';
import type { Tensor } from '../rnn/weights';

/** IR version 8 is the one that goes with opset 17 (ONNX 1.12), which every current runtime reads. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

/** The model's bytes. Graph input `x`, output `y`; sequence and batch are free dimensions. */
export function encodeOnnx(model: Model): Uint8Array {
  const { config } = model;
  const H = config.hiddenSize;
  const tensors = Object.fromEntries(modelTensors(model).map(({ name, tensor }) => [name, tensor]));
  const U = tensors.U!;
  const V = tensors.V!;
  const bias = new Float64Array(2 * H); // [Wb, Rb]: b_h once, Rb stays 0 so it is not added twice
  if (tensors.b_h) bias.set(tensors.b_h!.data, 0);
  const outputBias = tensors.b_o ? tensors.b_o!.data : new Float64Array(1);

  const float = (name: string, dims: number[], data: ArrayLike<number>) => tensorProto(name, dims, DataType.FLOAT, float32LE(data));
  const axes = new Uint8Array(8);
  new DataView(axes.buffer).setBigInt64(0, 1n, true);

  return modelProto({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'RNN Studio',
    producerVersion: '1',
    doc: `A vanilla RNN (${config.activation} hidden, sigmoid output, hidden size ${H}) that adds two ${config.bits}-bit numbers bit by bit.`,
    metadata: Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)])),
    graph: {
      name: 'binary_adder_rnn',
      doc: 'x: bit pairs [a_bit, b_bit] least significant first; y: probability that each sum bit is 1.',
      nodes: [
        nodeProto('RNN', 'recurrence', ['x', 'rnn_W', 'rnn_R', 'rnn_B'], ['hidden_states'], [
          { name: 'hidden_size', int: H },
          { name: 'activations', strings: [config.activation === 'tanh' ? 'Tanh' : 'Sigmoid'] },
        ]),
        nodeProto('Squeeze', 'drop_direction', ['hidden_states', 'direction_axis'], ['hidden']),
        nodeProto('MatMul', 'output_weights', ['hidden', 'W'], ['output_logits_unbiased']),
        nodeProto('Add', 'output_bias', ['output_logits_unbiased', 'b_o'], ['output_logits']),
        nodeProto('Sigmoid', 'output_activation', ['output_logits'], ['y']),
      ],
      initializers: [
        float('rnn_W', [1, H, 2], transpose(U)),
        float('rnn_R', [1, H, H], transpose(V)),
        float('rnn_B', [1, 2 * H], bias),
        float('W', [H, 1], tensors.W!.data),
        float('b_o', [1], outputBias),
        tensorProto('direction_axis', [1], DataType.INT64, axes),
      ],
      inputs: [valueInfo('x', DataType.FLOAT, ['sequence', 'batch', 2], 'bit pairs, least significant first')],
      outputs: [valueInfo('y', DataType.FLOAT, ['sequence', 'batch', 1], 'sum bit probabilities, least significant first')],
    },
  });
}

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
  export(model, baseName) {
    return { bytes: encodeOnnx(model), fileName: `${baseName}.onnx`, mime: 'application/octet-stream' };
  },
};
