/** What a walk-through stage is, and how its numbers are written. */

import { formatValue } from '../inspect/colorScale';
import type { WeightName } from '@shared/rnn/weights';
import type { MatrixMarks } from '../inspect/matrixMarks';

export interface WalkLine {
  /** The equation in symbols. */
  equation: string;
  /** The same with the numbers filled in. */
  numbers: string;
}

export interface WalkStage {
  phase: 'forward' | 'backward' | 'update';
  /** The step, or null for the update. */
  t: number | null;
  title: string;
  lines: WalkLine[];
  /** The cells of each weight this stage reads or changes. */
  weightMarks: Partial<Record<WeightName, MatrixMarks>>;
  /** Rows (steps) and columns (units) of the hidden state it touches. */
  hiddenMarks: MatrixMarks;
}

export const f = formatValue;
export const paren = (v: number): string => (v < 0 ? `(${f(v)})` : f(v));
export const vector = (v: ArrayLike<number>, most = 8): string =>
  `[${Array.from(v).slice(0, most).map(f).join(', ')}${v.length > most ? `, … ${v.length - most} more` : ''}]`;

/** Marks on an input matrix (U, or a gate's U_g): the rows of the inputs that are 1 and the unit's column (nothing when x_t = [0, 0] adds nothing). */
export function inputMarks(x: [number, number], j: number): MatrixMarks {
  const rows = [0, 1].filter((i) => x[i] === 1);
  return x[0] || x[1] ? { rows, cols: [j] } : { rows: [], cols: [] };
}
