/** Writing several curves sampled at different iterations as one CSV table, one row per iteration. */

export interface CsvColumn {
  name: string;
  valueAt(i: number): number;
  /** Digits to keep; shortest exact form when absent. */
  precision?: number;
}

/** Curves measured together at the same iterations (e.g. exact and bit accuracy). */
export interface CsvGroup {
  count: number;
  iterationAt(i: number): number;
  columns: CsvColumn[];
}

/** A number as CSV text: empty for NaN (not measured), else the shortest form at the column's precision. */
export function formatCsvNumber(value: number, precision?: number): string {
  if (Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return precision === undefined ? String(value) : String(Number(value.toPrecision(precision)));
}

/**
 * Merges the groups by iteration (each sorted by iteration) into a CSV table
 * with an "iteration" column first; a cell is empty where its curve has no
 * value at that iteration.
 */
export function writeCsv(groups: CsvGroup[]): string {
  const header = ['iteration', ...groups.flatMap((g) => g.columns.map((c) => c.name))];
  const lines: string[] = [header.join(',')];
  const next = groups.map(() => 0);
  const cells: string[] = new Array<string>(header.length);
  for (;;) {
    let iteration = Infinity;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      if (next[g]! < group.count) iteration = Math.min(iteration, group.iterationAt(next[g]!));
    }
    if (iteration === Infinity) break;
    cells[0] = String(iteration);
    let c = 1;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      const i = next[g]!;
      const here = i < group.count && group.iterationAt(i) === iteration;
      for (const column of group.columns) cells[c++] = here ? formatCsvNumber(column.valueAt(i), column.precision) : '';
      if (here) next[g] = i + 1;
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
