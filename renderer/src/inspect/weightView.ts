/** What the inspector shows of each weight: its role, the names of its axes, and its change since training began. */

import { WEIGHT_NAMES, type Tensor, type WeightName, type Weights } from '../../../shared/rnn/weights';
import { maxAbs } from './colorScale';
import { matrixStats, type MatrixStats } from './weightStats';

export const WEIGHT_ROLES: Record<WeightName, { title: string; rowName: string; colName: string }> = {
  U: { title: 'input → hidden', rowName: 'input', colName: 'unit' },
  V: { title: 'hidden → hidden', rowName: 'from unit', colName: 'to unit' },
  W: { title: 'hidden → output', rowName: 'unit', colName: 'output' },
  b_h: { title: 'hidden bias', rowName: 'row', colName: 'unit' },
  b_o: { title: 'output bias', rowName: 'row', colName: 'output' },
};


export interface WeightPanel {
  name: WeightName;
  rows: number;
  cols: number;
  data: Float64Array;
  stats: MatrixStats;
  /** The symmetric colour scale's half-width for this matrix alone. */
  maxAbs: number;
}

/** The weights present, in canonical order. */
export function presentWeights(weights: Weights): [WeightName, Tensor][] {
  return WEIGHT_NAMES.flatMap((name) => {
    const t = weights[name];
    return t ? [[name, t] as [WeightName, Tensor]] : [];
  });
}

/**
 * weights − initial, weight by weight; null when the two do not have the same
 * weights and shapes (a different network), so no change can be shown.
 */
export function weightChange(weights: Weights, initial: Weights): Weights | null {
  const out: Partial<Weights> = {};
  for (const [name, t] of presentWeights(weights)) {
    const start = initial[name];
    if (!start || start.shape[0] !== t.shape[0] || start.shape[1] !== t.shape[1] || start.data.length !== t.data.length) return null;
    const data = new Float64Array(t.data.length);
    for (let i = 0; i < data.length; i++) data[i] = t.data[i]! - start.data[i]!;
    out[name] = { shape: [t.shape[0], t.shape[1]], data };
  }
  if (presentWeights(initial).length !== presentWeights(weights).length) return null;
  return out as Weights;
}

/** One panel per weight with its statistics and its own colour-scale half-width. */
export function weightPanels(weights: Weights): WeightPanel[] {
  return presentWeights(weights).map(([name, t]) => ({
    name,
    rows: t.shape[0],
    cols: t.shape[1],
    data: t.data,
    stats: matrixStats(t.data),
    maxAbs: maxAbs(t.data),
  }));
}
