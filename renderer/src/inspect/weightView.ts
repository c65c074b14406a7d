/** What the inspector shows of each weight: its role, the names of its axes, and its change since training began. */

import type { Cell } from '@shared/rnn/config';
import { CELL_GATES, WEIGHT_NAMES, gateWeightNames, type Tensor, type WeightName, type Weights } from '@shared/rnn/weights';
import { maxAbs } from './colorScale';
import { matrixStats, type MatrixStats } from './weightStats';

/** What each gate computes, by the letter that ends its weights' names. */
const GATE_TITLES: Record<string, string> = {
  '': '',
  i: 'input gate',
  o: 'output gate',
  f: 'forget gate',
  c: 'cell candidate',
  z: 'update gate',
  r: 'reset gate',
  h: 'candidate state',
};

function gateRoles(): Partial<Record<WeightName, { title: string; rowName: string; colName: string }>> {
  const roles: Partial<Record<WeightName, { title: string; rowName: string; colName: string }>> = {};
  for (const cell of Object.keys(CELL_GATES) as Cell[]) {
    const { U, V, b } = gateWeightNames(cell);
    CELL_GATES[cell].forEach((gate: string, g) => {
      const of = gate ? ` (${GATE_TITLES[gate]})` : '';
      roles[U[g]!] = { title: `input → hidden${of}`, rowName: 'input', colName: 'unit' };
      roles[V[g]!] = { title: `hidden → hidden${of}`, rowName: 'from unit', colName: 'to unit' };
      roles[b[g]!] = { title: `hidden bias${of}`, rowName: 'row', colName: 'unit' };
    });
  }
  return roles;
}

export const WEIGHT_ROLES = {
  ...gateRoles(),
  W: { title: 'hidden → output', rowName: 'unit', colName: 'output' },
  b_o: { title: 'output bias', rowName: 'row', colName: 'output' },
} as Record<WeightName, { title: string; rowName: string; colName: string }>;


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
