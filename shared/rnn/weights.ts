/**
 * The weights of a model by name, and the layout (names and shapes) of each
 * cell in one place. Row vectors times matrices: x_t is 1×2, h_t is 1×H.
 *   rnn:  U (2×H), V (H×H), W (H×1); with biases b_h (1×H), b_o (1×1).
 *   lstm: U_i U_o U_f U_c (2×H), V_i V_o V_f V_c (H×H), W (H×1); with biases
 *         b_hi b_ho b_hf b_hc (1×H), b_o. Gate order i, o, f, c as ONNX's LSTM.
 *   gru:  U_z U_r U_h (2×H), V_z V_r V_h (H×H), W (H×1); with biases
 *         b_hz b_hr b_hh (1×H), b_o. Gate order z, r, h as ONNX's GRU.
 */

import type { Cell, TrainConfig } from './config';

/** Each cell's gates in ONNX's order; the vanilla cell has one unnamed "gate". */
export const CELL_GATES = {
  rnn: [''],
  lstm: ['i', 'o', 'f', 'c'],
  gru: ['z', 'r', 'h'],
} as const satisfies Record<Cell, readonly string[]>;

type GateOf<C extends Cell> = (typeof CELL_GATES)[C][number];
type Named<P extends string, G extends string> = G extends '' ? P : `${P}_${G}`;
type BiasNamed<G extends string> = G extends '' ? 'b_h' : `b_h${G}`;

export type WeightName =
  | 'W'
  | 'b_o'
  | { [C in Cell]: Named<'U', GateOf<C>> | Named<'V', GateOf<C>> | BiasNamed<GateOf<C>> }[Cell];

/** Every weight name of every cell, in a fixed order (for tables and messages). */
export const ALL_WEIGHT_NAMES: readonly WeightName[] = [
  'U', 'V', 'W', 'b_h', 'b_o',
  'U_i', 'U_o', 'U_f', 'U_c', 'V_i', 'V_o', 'V_f', 'V_c', 'b_hi', 'b_ho', 'b_hf', 'b_hc',
  'U_z', 'U_r', 'U_h', 'V_z', 'V_r', 'V_h', 'b_hz', 'b_hr', 'b_hh',
];

/** A row-major matrix. */
export interface Tensor {
  shape: [rows: number, cols: number];
  data: Float64Array;
}

/** A model's weights by name; which names are present is fixed by the cell and biases (weightNames). */
export type Weights = Partial<Record<WeightName, Tensor>>;

/** The input size: one bit of each addend per step. */
export const INPUT_SIZE = 2;
/** The output size: one bit of the sum per step. */
export const OUTPUT_SIZE = 1;

/** What fixes the weight names of a model. */
export type LayoutConfig = Pick<TrainConfig, 'bias'> & { cell?: Cell };

/** The input→hidden, hidden→hidden and bias names of a cell, one per gate in gate order. */
export function gateWeightNames(cell: Cell): { U: WeightName[]; V: WeightName[]; b: WeightName[] } {
  const gates: readonly string[] = CELL_GATES[cell];
  const name = (prefix: string, g: string): WeightName => (g === '' ? prefix : `${prefix}_${g}`) as WeightName;
  return {
    U: gates.map((g) => name('U', g)),
    V: gates.map((g) => name('V', g)),
    b: gates.map((g) => (g === '' ? 'b_h' : `b_h${g}`) as WeightName),
  };
}

/** The names present for a configuration, in canonical order: U's, V's, W, then the biases. */
export function weightNames(config: LayoutConfig): WeightName[] {
  const { U, V, b } = gateWeightNames(config.cell ?? 'rnn');
  return config.bias ? [...U, ...V, 'W', ...b, 'b_o'] : [...U, ...V, 'W'];
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

/** The cell whose layout has this weight name, or null for names every cell has (W, b_o). */
export function cellOfWeight(name: WeightName): Cell | null {
  if (name === 'W' || name === 'b_o') return null;
  for (const cell of Object.keys(CELL_GATES) as Cell[]) {
    const { U, V, b } = gateWeightNames(cell);
    if (U.includes(name) || V.includes(name) || b.includes(name)) return cell;
  }
  return null;
}

/** Whether a string is a weight name of some cell. */
export function isWeightName(name: string): name is WeightName {
  return (ALL_WEIGHT_NAMES as readonly string[]).includes(name);
}

/** A deep copy (fresh typed arrays). */
export function cloneWeights(weights: Weights): Weights {
  const out: Weights = {};
  for (const [name, t] of Object.entries(weights) as [WeightName, Tensor | undefined][]) {
    if (t) out[name] = { shape: [t.shape[0], t.shape[1]], data: new Float64Array(t.data) };
  }
  return out;
}
