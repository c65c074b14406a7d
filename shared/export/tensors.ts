/** The model's weights in the order every exporter writes them. */

import type { Model } from '../model-file/model';
import { validateWeights, weightNames, type Tensor, type WeightName } from '../rnn/weights';

export interface NamedTensor {
  name: WeightName;
  tensor: Tensor;
}

/**
 * The model's weights in layout order, checked against the configuration
 * (names, shapes, finite values), so no exporter writes a file another tool misreads.
 */
export function modelTensors(model: Model): NamedTensor[] {
  const checked = validateWeights(model.weights, model.config);
  if (!checked.ok) throw new Error(`cannot export: ${checked.problem}`);
  return weightNames(model.config).map((name) => ({ name, tensor: model.weights[name]! }));
}
