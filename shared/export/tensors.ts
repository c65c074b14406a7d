/** The model's weights in the order every exporter writes them. */

import type { Model } from '../model-file/model';
import { weightNames, weightShape, type Tensor, type WeightName } from '../rnn/weights';

export interface NamedTensor {
  name: WeightName;
  tensor: Tensor;
}

/**
 * U, V, W (then b_h, b_o with biases), each checked against the shape the
 * configuration demands, so no exporter writes a file another tool misreads.
 */
export function modelTensors(model: Model): NamedTensor[] {
  return weightNames(model.config).map((name) => {
    const tensor = model.weights[name];
    if (!tensor) throw new Error(`cannot export: weight ${name} is missing (the configuration has biases ${model.config.bias ? 'on' : 'off'})`);
    const [rows, cols] = weightShape(name, model.config);
    if (tensor.shape[0] !== rows || tensor.shape[1] !== cols || tensor.data.length !== rows * cols) {
      throw new Error(`cannot export: weight ${name} has shape ${tensor.shape.join('×')} with ${tensor.data.length} values; expected ${rows}×${cols}`);
    }
    return { name, tensor };
  });
}
