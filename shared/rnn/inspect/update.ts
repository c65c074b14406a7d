/** The update that ends a training iteration, for showing it: plain SGD on one sample's gradient. */

import { sgdUpdate } from '../optimizers';
import { createFlatParams, loadParams, paramsToWeights } from '../parameters';
import type { WeightShapeConfig, Weights } from '../weights';

/** The weights after the reference's SGD step, w − lr·g (the training step's own arithmetic, batch size 1), on these gradients. */
export function weightsAfterSgd(weights: Weights, gradients: Weights, learningRate: number, shape: WeightShapeConfig): Weights {
  const params = createFlatParams(shape), grads = createFlatParams(shape);
  loadParams(params, weights);
  loadParams(grads, gradients);
  sgdUpdate(params.flat, grads.flat, learningRate, 1);
  return paramsToWeights(params, shape);
}
