/**
 * The network's parameters as one flat Float64Array with a named view per
 * weight, so optimisers, clipping and divergence checks run one loop over
 * everything while the maths reads by name; and the initial weights.
 */

import type { TrainConfig } from './config';
import type { Random } from './random';
import { weightLayout, type WeightName, type WeightShapeConfig, type Weights } from './weights';

/** Named views of the parameters (or of their gradients): exactly the weights of the configuration. */
export type ParamViews = Partial<Record<WeightName, Float64Array>>;

/** Parameters in one flat array, in weightNames order, with views into it. */
export interface FlatParams {
  flat: Float64Array;
  views: ParamViews;
  names: WeightName[];
}

/** How many numbers the parameters of a configuration take. */
export function parameterCount(config: WeightShapeConfig): number {
  return weightLayout(config).reduce((sum, { shape }) => sum + shape[0] * shape[1], 0);
}

/**
 * A zeroed flat parameter array for a configuration, with its named views;
 * `alloc` gives the array (a plain Float64Array, or one in WebAssembly memory).
 */
export function createFlatParams(config: WeightShapeConfig, alloc: (length: number) => Float64Array = (length) => new Float64Array(length)): FlatParams {
  const layout = weightLayout(config);
  const flat = alloc(parameterCount(config));
  const views: ParamViews = {};
  let offset = 0;
  for (const { name, shape } of layout) {
    const size = shape[0] * shape[1];
    views[name] = flat.subarray(offset, offset + size);
    offset += size;
  }
  return { flat, views, names: layout.map((l) => l.name) };
}

/** Copies weights into flat parameters (the weights must already be valid for the configuration). */
export function loadParams(target: FlatParams, weights: Weights): void {
  for (const name of target.names) target.views[name]!.set(weights[name]!.data);
}

/** A copy of flat parameters as Weights. */
export function paramsToWeights(source: FlatParams, config: WeightShapeConfig): Weights {
  const out: Weights = {};
  for (const { name, shape } of weightLayout(config)) out[name] = { shape: [shape[0], shape[1]], data: new Float64Array(source.views[name]!) };
  return out;
}

/** Views of the weights' own arrays (no copy), for evaluation. */
export function weightsAsParams(weights: Weights): ParamViews {
  const views: ParamViews = {};
  for (const [name, tensor] of Object.entries(weights) as [WeightName, { data: Float64Array } | undefined][]) {
    if (tensor) views[name] = tensor.data;
  }
  return views;
}

/**
 * Fresh weights: the matrices drawn row-major in layout order from `rng`
 * (randn, or randn scaled to Xavier's std √(2/(fan_in+fan_out))); biases start
 * at zero and draw nothing. With 'numpy' this is `np.random.randn(2,H)`,
 * `randn(H,H)`, `randn(H,1)`.
 */
export function initWeights(config: TrainConfig, rng: Random): Weights {
  const weights: Weights = {};
  for (const { name, shape } of weightLayout(config)) {
    const [rows, cols] = shape;
    const data = new Float64Array(rows * cols);
    if (!name.startsWith('b_')) {
      // randn · 1 is randn exactly, so plain randn and Xavier's scaled draws share one fill.
      rng.fillRandn(data, config.init === 'xavier' ? Math.sqrt(2 / (rows + cols)) : 1);
    }
    weights[name] = { shape: [rows, cols], data };
  }
  return weights;
}
