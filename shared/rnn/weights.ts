/** The weights of a model by name, as in docs/algorithm.md: U input→hidden, V hidden→hidden, W hidden→output, b_h and b_o with biases. */

import type { TrainConfig } from './config';

export type WeightName = 'U' | 'V' | 'W' | 'b_h' | 'b_o';

/** A row-major matrix. */
export interface Tensor {
  shape: [rows: number, cols: number];
  data: Float64Array;
}

export interface Weights {
  U: Tensor;
  V: Tensor;
  W: Tensor;
  b_h?: Tensor;
  b_o?: Tensor;
}

/** The input size: one bit of each addend per step. */
export const INPUT_SIZE = 2;
/** The output size: one bit of the sum per step. */
export const OUTPUT_SIZE = 1;

/** The names present for a configuration, in canonical order. */
export function weightNames(config: Pick<TrainConfig, 'bias'>): WeightName[] {
  return config.bias ? ['U', 'V', 'W', 'b_h', 'b_o'] : ['U', 'V', 'W'];
}

/** The shape each weight must have for a configuration. */
export function weightShape(name: WeightName, config: Pick<TrainConfig, 'hiddenSize'>): [number, number] {
  const H = config.hiddenSize;
  switch (name) {
    case 'U': return [INPUT_SIZE, H];
    case 'V': return [H, H];
    case 'W': return [H, OUTPUT_SIZE];
    case 'b_h': return [1, H];
    case 'b_o': return [1, OUTPUT_SIZE];
  }
}

/** A deep copy (fresh typed arrays). */
export function cloneWeights(weights: Weights): Weights {
  const out: Partial<Weights> = {};
  for (const [name, t] of Object.entries(weights) as [WeightName, Tensor | undefined][]) {
    if (t) out[name] = { shape: [t.shape[0], t.shape[1]], data: new Float64Array(t.data) };
  }
  return out as Weights;
}
