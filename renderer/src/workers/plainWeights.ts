import { toRaw } from 'vue';
import type { Tensor, Weights } from '@shared/rnn/weights';

/** A structured-cloneable copy of store-held (possibly reactive) weights, to post to a worker. */
export function plainWeights(weights: Weights): Weights {
  const out: Weights = {};
  for (const [name, tensor] of Object.entries(toRaw(weights)) as [keyof Weights, Tensor | undefined][]) {
    if (tensor) out[name] = { shape: [tensor.shape[0], tensor.shape[1]], data: new Float64Array(toRaw(tensor).data) };
  }
  return out;
}
