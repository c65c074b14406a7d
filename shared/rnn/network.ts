/**
 * The network's parameters as one flat Float64Array with a named view per
 * weight (U, V, W, b_h, b_o), so optimisers, clipping and divergence checks
 * run one loop over everything while the maths reads by name.
 */

import type { TrainConfig } from './config';
import type { Random } from './random';
import { INPUT_SIZE, OUTPUT_SIZE, weightNames, weightShape } from './weights';
import type { Tensor, WeightName, Weights } from './weights';

/** Named views of the parameters (or of their gradients). Biases are null when off. */
export interface Params {
  U: Float64Array;
  V: Float64Array;
  W: Float64Array;
  b_h: Float64Array | null;
  b_o: Float64Array | null;
}

/** Parameters in one flat array, in weightNames order, with views into it. */
export interface FlatParams {
  flat: Float64Array;
  views: Params;
  names: WeightName[];
}

type Shape = Pick<TrainConfig, 'hiddenSize' | 'bias'>;

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
  const views: Params = { U: flat, V: flat, W: flat, b_h: null, b_o: null };
  let offset = 0;
  names.forEach((name, i) => {
    const size = sizes[i]!;
    views[name] = flat.subarray(offset, offset + size);
    offset += size;
  });
  return { flat, views, names };
}

/** Copies weights into flat parameters (shapes must already be checked). */
export function loadParams(target: FlatParams, weights: Weights): void {
  for (const name of target.names) target.views[name]!.set(weights[name]!.data);
}

/** A copy of flat parameters as Weights. */
export function paramsToWeights(source: FlatParams, config: Shape): Weights {
  const out: Partial<Weights> = {};
  for (const name of source.names) {
    out[name] = { shape: weightShape(name, config), data: new Float64Array(source.views[name]!) };
  }
  return out as Weights;
}

/** Views of the weights' own arrays (no copy), for evaluation. */
export function weightsAsParams(weights: Weights): Params {
  return {
    U: weights.U.data,
    V: weights.V.data,
    W: weights.W.data,
    b_h: weights.b_h?.data ?? null,
    b_o: weights.b_o?.data ?? null,
  };
}

/**
 * Throws an Error naming the weight and what was expected when the weights do
 * not fit the configuration (missing, extra, wrong shape, non-finite entry).
 */
export function checkWeights(weights: Weights, config: Shape): void {
  const expected = weightNames(config);
  for (const name of ['U', 'V', 'W', 'b_h', 'b_o'] as const) {
    const tensor: Tensor | undefined = weights[name];
    if (!expected.includes(name)) {
      if (tensor) throw new Error(`weight ${name} is present but biases are off; remove it or turn biases on`);
      continue;
    }
    if (!tensor) throw new Error(`weight ${name} is missing`);
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
 * Fresh weights: U, V, W drawn row-major in that order from `rng` (randn, or
 * randn scaled to Xavier's std √(2/(fan_in+fan_out))); biases start at zero
 * and draw nothing. With 'numpy' this is `np.random.randn(2,H)`, `randn(H,H)`, `randn(H,1)`.
 */
export function initWeights(config: TrainConfig, rng: Random): Weights {
  const H = config.hiddenSize;
  const draw = (name: 'U' | 'V' | 'W', fanIn: number, fanOut: number): Tensor => {
    const shape = weightShape(name, config);
    const data = new Float64Array(shape[0] * shape[1]);
    const std = config.init === 'xavier' ? Math.sqrt(2 / (fanIn + fanOut)) : 1;
    for (let i = 0; i < data.length; i++) data[i] = config.init === 'xavier' ? rng.randn() * std : rng.randn();
    return { shape, data };
  };
  const weights: Weights = {
    U: draw('U', INPUT_SIZE, H),
    V: draw('V', H, H),
    W: draw('W', H, OUTPUT_SIZE),
  };
  if (config.bias) {
    weights.b_h = { shape: weightShape('b_h', config), data: new Float64Array(H) };
    weights.b_o = { shape: weightShape('b_o', config), data: new Float64Array(OUTPUT_SIZE) };
  }
  return weights;
}
