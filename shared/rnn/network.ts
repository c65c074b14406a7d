/**
 * The network's parameters as one flat Float64Array with a named view per
 * weight (weights.ts's layout), so optimisers, clipping and divergence checks
 * run one loop over everything while the maths reads by name.
 */

import type { Cell, TrainConfig } from './config';
import type { Random } from './random';
import { cellOfWeight, isWeightName, weightNames, weightShape } from './weights';
import type { Tensor, WeightName, Weights } from './weights';

/** Named views of the vanilla cell's parameters (or of their gradients). Biases are null when off. */
export interface Params {
  U: Float64Array;
  V: Float64Array;
  W: Float64Array;
  b_h: Float64Array | null;
  b_o: Float64Array | null;
}

/** Views of any cell's parameters by weight name; only the configuration's names are present. */
export type ParamViews = Partial<Record<WeightName, Float64Array>>;

/** Parameters in one flat array, in weightNames order, with views into it. */
export interface FlatParams {
  flat: Float64Array;
  views: ParamViews;
  names: WeightName[];
}

type Shape = Pick<TrainConfig, 'hiddenSize' | 'bias'> & { cell?: Cell };

function weightSizes(config: Shape): number[] {
  return weightNames(config).map((name) => {
    const [rows, cols] = weightShape(name, config);
    return rows * cols;
  });
}

/** How many numbers the parameters of a configuration take. */
export function parameterCount(config: Shape): number {
  return weightSizes(config).reduce((sum, n) => sum + n, 0);
}

/**
 * A zeroed flat parameter array for a configuration, with its named views;
 * `alloc` gives the array (a plain Float64Array, or one in WebAssembly memory).
 */
export function createFlatParams(config: Shape, alloc = (length: number) => new Float64Array(length)): FlatParams {
  const names = weightNames(config);
  const sizes = weightSizes(config);
  const flat = alloc(parameterCount(config));
  const views: ParamViews = {};
  let offset = 0;
  names.forEach((name, i) => {
    const size = sizes[i]!;
    views[name] = flat.subarray(offset, offset + size);
    offset += size;
  });
  return { flat, views, names };
}

/** The vanilla cell's views of flat parameters (U, V, W and, with biases, b_h, b_o). */
export function vanillaParams(views: ParamViews): Params {
  const { U, V, W } = views;
  if (!U || !V || !W) throw new Error('the vanilla cell needs U, V and W');
  return { U, V, W, b_h: views.b_h ?? null, b_o: views.b_o ?? null };
}

/** Copies weights into flat parameters (shapes must already be checked). */
export function loadParams(target: FlatParams, weights: Weights): void {
  for (const name of target.names) target.views[name]!.set(weights[name]!.data);
}

/** A copy of flat parameters as Weights. */
export function paramsToWeights(source: FlatParams, config: Shape): Weights {
  const out: Weights = {};
  for (const name of source.names) {
    out[name] = { shape: weightShape(name, config), data: new Float64Array(source.views[name]!) };
  }
  return out;
}

/** Views of the weights' own arrays (no copy), for evaluation. */
export function weightsAsParams(weights: Weights): Params {
  const views: ParamViews = {};
  for (const [name, t] of Object.entries(weights) as [WeightName, Tensor | undefined][]) if (t) views[name] = t.data;
  return vanillaParams(views);
}

/**
 * Throws an Error naming the weight and what was expected when the weights do
 * not fit the configuration (another cell's weight, missing, extra, wrong
 * shape, non-finite entry).
 */
export function checkWeights(weights: Weights, config: Shape): void {
  const cell = config.cell ?? 'rnn';
  const expected = weightNames(config);
  for (const name of Object.keys(weights)) {
    if (!isWeightName(name)) throw new Error(`${name} is not a weight name; the ${cell} cell has ${expected.join(', ')}`);
    if (weights[name] === undefined || expected.includes(name)) continue;
    const owner = cellOfWeight(name);
    if (owner && owner !== cell) {
      throw new Error(`weight ${name} belongs to the ${owner} cell, but the cell is ${cell} (weights ${expected.join(', ')})`);
    }
    throw new Error(`weight ${name} is present but biases are off; remove it or turn biases on`);
  }
  for (const name of expected) {
    const tensor: Tensor | undefined = weights[name];
    if (!tensor) throw new Error(`weight ${name} is missing (the ${cell} cell has ${expected.join(', ')})`);
    const [rows, cols] = weightShape(name, config);
    if (tensor.shape[0] !== rows || tensor.shape[1] !== cols || tensor.data.length !== rows * cols) {
      throw new Error(
        `weight ${name} must be ${rows}×${cols} (${rows * cols} numbers) for hidden size ${config.hiddenSize}; ` +
          `got ${tensor.shape[0]}×${tensor.shape[1]} with ${tensor.data.length} numbers`,
      );
    }
    const bad = tensor.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`weight ${name} has a non-finite entry ${tensor.data[bad]} at index ${bad}`);
  }
}

/**
 * Fresh weights: the matrices (the U's, the V's, then W, in weightNames order)
 * drawn row-major from `rng` (randn, or randn scaled to Xavier's std
 * √(2/(fan_in+fan_out))); biases start at zero and draw nothing. For the
 * vanilla cell with 'numpy' this is `np.random.randn(2,H)`, `randn(H,H)`, `randn(H,1)`.
 */
export function initWeights(config: TrainConfig, rng: Random): Weights {
  const weights: Weights = {};
  for (const name of weightNames(config)) {
    const shape = weightShape(name, config);
    const data = new Float64Array(shape[0] * shape[1]);
    if (!name.startsWith('b_')) {
      const std = Math.sqrt(2 / (shape[0] + shape[1]));
      for (let i = 0; i < data.length; i++) data[i] = config.init === 'xavier' ? rng.randn() * std : rng.randn();
    }
    weights[name] = { shape, data };
  }
  return weights;
}
