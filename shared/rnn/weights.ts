/**
 * The weights of a model by name. This file is the one place that knows which
 * weights a configuration has, their shapes and their order, and what makes a
 * set of weights valid for it. Row vectors times matrices: x_t is 1×2, h_t is 1×H.
 *   rnn:  U (2×H) input→hidden, V (H×H) hidden→hidden, W (H×1) hidden→output;
 *         with biases b_h (1×H), b_o (1×1).
 *   lstm: U_i U_o U_f U_c (2×H), V_i V_o V_f V_c (H×H), W (H×1); with biases
 *         b_hi b_ho b_hf b_hc (1×H), b_o. Gate order i, o, f, c as ONNX's LSTM.
 *   gru:  U_z U_r U_h (2×H), V_z V_r V_h (H×H), W (H×1); with biases
 *         b_hz b_hr b_hh (1×H), b_o. Gate order z, r, h as ONNX's GRU.
 */

import { describeValue, keyPath, isRecord } from '../describeValue';
import type { Cell, TrainConfig } from './config';

/** Each cell's gates in ONNX's order; the vanilla cell has one unnamed "gate". */
export const CELL_GATES = {
  rnn: [''],
  lstm: ['i', 'o', 'f', 'c'],
  gru: ['z', 'r', 'h'],
} as const satisfies Record<Cell, readonly string[]>;

/**
 * Every weight name the studio knows, in canonical order: the input→hidden
 * matrices, the hidden→hidden ones, W, the hidden biases, b_o — so that any
 * one cell's names, taken in this order, read U's, V's, W, biases.
 */
export const WEIGHT_NAMES = [
  'U', 'U_i', 'U_o', 'U_f', 'U_c', 'U_z', 'U_r', 'U_h',
  'V', 'V_i', 'V_o', 'V_f', 'V_c', 'V_z', 'V_r', 'V_h',
  'W',
  'b_h', 'b_hi', 'b_ho', 'b_hf', 'b_hc', 'b_hz', 'b_hr', 'b_hh',
  'b_o',
] as const;

export type WeightName = (typeof WEIGHT_NAMES)[number];

/** A row-major matrix. */
export interface Tensor {
  shape: [rows: number, cols: number];
  data: Float64Array;
}

/** A model's weights by name; exactly the names of weightNames(config) are present. */
export type Weights = Partial<Record<WeightName, Tensor>>;

/** The input size: one bit of each addend per step. */
export const INPUT_SIZE = 2;
/** The output size: one bit of the sum per step. */
export const OUTPUT_SIZE = 1;

/** What fixes the weights' names and shapes; without a cell, the vanilla one. */
export type WeightShapeConfig = Pick<TrainConfig, 'hiddenSize' | 'bias'> & { cell?: Cell };

/** The input→hidden, hidden→hidden and bias names of a cell, one per gate in gate order. */
export function gateWeightNames(cell: Cell): { U: WeightName[]; V: WeightName[]; b: WeightName[] } {
  const gates: readonly string[] = CELL_GATES[cell];
  const name = (prefix: string, g: string): WeightName => (g === '' ? prefix : `${prefix}_${g}`) as WeightName;
  return { U: gates.map((g) => name('U', g)), V: gates.map((g) => name('V', g)), b: gates.map((g) => `b_h${g}` as WeightName) };
}

/** The cell a weight name belongs to, or null for the names every cell has (W, b_o). */
export function cellOfWeight(name: WeightName): Cell | null {
  if (name === 'W' || name === 'b_o') return null;
  const gate = name.startsWith('b_h') ? name.slice(3) : name.slice(2);
  // No two cells share a gate letter.
  return (Object.keys(CELL_GATES) as Cell[]).find((cell) => (CELL_GATES[cell] as readonly string[]).includes(gate)) ?? null;
}

/**
 * The names of each cell, without and with biases: every network, copy and
 * message asks for them, a sweep thousands of times a second.
 */
function namesOf(cell: Cell, bias: boolean): readonly WeightName[] {
  return Object.freeze(WEIGHT_NAMES.filter((name) => (bias || !name.startsWith('b_')) && (cellOfWeight(name) ?? cell) === cell));
}
const NAMES_OF: Record<Cell, readonly [readonly WeightName[], readonly WeightName[]]> = {
  rnn: [namesOf('rnn', false), namesOf('rnn', true)],
  lstm: [namesOf('lstm', false), namesOf('lstm', true)],
  gru: [namesOf('gru', false), namesOf('gru', true)],
};

/** The names present for a configuration, in canonical order (one shared, frozen list per cell and bias). */
export function weightNames(config: Pick<TrainConfig, 'bias'> & { cell?: Cell }): readonly WeightName[] {
  const cell = config.cell ?? 'rnn';
  // A cell not (yet) checked gets what the filter gives it: the names every cell has.
  return NAMES_OF[cell]?.[config.bias ? 1 : 0] ?? namesOf(cell, Boolean(config.bias));
}

/** The shape each weight must have for a configuration. */
export function weightShape(name: WeightName, config: Pick<TrainConfig, 'hiddenSize'>): [number, number] {
  const H = config.hiddenSize;
  if (name === 'W') return [H, OUTPUT_SIZE];
  if (name === 'b_o') return [1, OUTPUT_SIZE];
  if (name.startsWith('U')) return [INPUT_SIZE, H];
  if (name.startsWith('V')) return [H, H];
  return [1, H];
}

/** The weights of a configuration in order, each with its shape. */
export function weightLayout(config: WeightShapeConfig): { name: WeightName; shape: [number, number] }[] {
  return weightNames(config).map((name) => ({ name, shape: weightShape(name, config) }));
}

/** Is `name` one of the names the studio knows? */
export function isWeightName(name: string): name is WeightName {
  return (WEIGHT_NAMES as readonly string[]).includes(name);
}

/** A tensor of a configuration's weights, which must be present. */
export function weightOf(weights: Weights, name: WeightName): Tensor {
  const tensor = weights[name];
  if (!tensor) throw new RangeError(`weight ${name} is missing`);
  return tensor;
}

/** A deep copy (fresh typed arrays). */
export function cloneWeights(weights: Weights): Weights {
  const out: Weights = {};
  for (const name of WEIGHT_NAMES) {
    const t = weights[name];
    if (t) out[name] = { shape: [t.shape[0], t.shape[1]], data: new Float64Array(t.data) };
  }
  return out;
}

export type WeightsCheck = { ok: true; weights: Weights } | { ok: false; problem: string };

/** No weight dimension comes near this; larger claims are refused before anything is allocated. */
const MAX_DIMENSION = 1 << 16;


/**
 * Checks that `value` holds exactly the weights of `config`, each a tensor
 * `{ shape, data }` of the right shape whose data (a Float64Array or an array
 * of numbers) is finite. Returns fresh Float64Array copies, or the first
 * problem as a message naming the field under `path` ("weights", "start.weights").
 */
export function validateWeights(value: unknown, config: WeightShapeConfig, path = 'weights'): WeightsCheck {
  const bad = (problem: string): WeightsCheck => ({ ok: false, problem });
  if (!isRecord(value)) return bad(`${path} must be an object of tensors; got ${describeValue(value)}`);
  const expected = weightNames(config);
  for (const key of Object.keys(value)) {
    if (value[key] === undefined || (expected as string[]).includes(key)) continue;
    const owner = isWeightName(key) ? cellOfWeight(key) : null;
    if (owner && owner !== (config.cell ?? 'rnn')) {
      return bad(`${path}.${key} is a weight of the ${owner} cell, but the cell is ${config.cell ?? 'rnn'}, whose weights are ${expected.join(', ')}`);
    }
    if (isWeightName(key)) return bad(`${path}.${key} is present but biases are off; a model without biases has only ${expected.join(', ')}`);
    return bad(`${keyPath(path, key)} is not a weight of this model; expected ${expected.join(', ')}`);
  }
  const out: Weights = {};
  for (const name of expected) {
    const at = `${path}.${name}`;
    const raw = value[name];
    if (raw === undefined) {
      const biases = expected.filter((n) => n.startsWith('b_'));
      const needs = name.startsWith('b_')
        ? ` (biases are on, so ${biases.slice(0, -1).join(', ')} and ${biases.at(-1)} are needed)`
        : (config.cell ?? 'rnn') === 'rnn' ? '' : ` (the ${config.cell} cell has ${expected.join(', ')})`;
      return bad(`${at} is missing${needs}`);
    }
    if (!isRecord(raw)) return bad(`${at} must be a tensor { shape, data }; got ${describeValue(raw)}`);
    const [rows, cols] = weightShape(name, config);
    const shape = raw.shape;
    if (shape === undefined) return bad(`${at}.shape is missing`);
    if (!Array.isArray(shape)) return bad(`${at}.shape must be an array; got ${describeValue(shape)}`);
    if (shape.length !== 2) return bad(`${at}.shape must be [rows, cols]; got ${shape.length} numbers`);
    for (let i = 0; i < 2; i++) {
      const d: unknown = shape[i];
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > MAX_DIMENSION) return bad(`${at}.shape[${i}] must be a whole number from 1 to ${MAX_DIMENSION}; got ${describeValue(d)}`);
    }
    if (shape[0] !== rows || shape[1] !== cols) return bad(`${at}.shape is [${shape[0]}, ${shape[1]}]; hidden size ${config.hiddenSize} needs [${rows}, ${cols}]`);
    const data = raw.data;
    if (data === undefined) return bad(`${at}.data is missing`);
    if (!(data instanceof Float64Array) && !Array.isArray(data)) return bad(`${at}.data must be a list of numbers; got ${describeValue(data)}`);
    if (data.length !== rows * cols) return bad(`${at}.data has ${data.length} numbers; ${rows * cols} are needed`);
    const copy = new Float64Array(rows * cols);
    for (let i = 0; i < copy.length; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`${at}.data[${i}] must be a finite number; got ${describeValue(v)}`);
      copy[i] = v;
    }
    out[name] = { shape: [rows, cols], data: copy };
  }
  return { ok: true, weights: out };
}

/** validateWeights for weights that must be right (an internal error otherwise): throws a RangeError with the problem. */
export function requireValidWeights(value: unknown, config: WeightShapeConfig, path = 'weights'): Weights {
  const checked = validateWeights(value, config, path);
  if (!checked.ok) throw new RangeError(checked.problem);
  return checked.weights;
}
