/** The update that ends a training iteration, for showing it: plain SGD on one sample's gradient. */

import type { Weights } from '../weights';

/** w − lr·g for every weight: the reference's SGD step (optimizers.ts Sgd with batch size 1) on these gradients. */
export function sgdUpdate(weights: Weights, gradients: Weights, learningRate: number): Weights {
  const out: Partial<Weights> = {};
  for (const [name, tensor] of Object.entries(weights) as [keyof Weights, Weights[keyof Weights]][]) {
    if (!tensor) continue;
    const g = gradients[name];
    if (!g || g.data.length !== tensor.data.length) throw new Error(`the gradient of ${name} is missing or has another shape`);
    out[name] = { shape: [tensor.shape[0], tensor.shape[1]], data: tensor.data.map((w, i) => w - learningRate * (1 * g.data[i]!)) };
  }
  return out as Weights;
}
