/** CSV export: one long table, one row per weight value. */

import { exactNumber, utf8 } from './bytes';
import type { Exporter } from './formats';
import { modelTensors } from './tensors';

export const CSV_HEADER = 'tensor,row,col,value';

/** Every weight as `tensor,row,col,value` lines (0-based indices, values that parse back exactly). */
export function encodeCsv(model: Parameters<Exporter['export']>[0]): string {
  const lines = [CSV_HEADER];
  for (const { name, tensor } of modelTensors(model)) {
    const [rows, cols] = tensor.shape;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) lines.push(`${name},${r},${c},${exactNumber(tensor.data[r * cols + c]!)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const csvExporter: Exporter = {
  format: 'csv',
  label: 'CSV table (tensor,row,col,value)',
  extension: 'csv',
  mime: 'text/csv',
  export(model, baseName) {
    return { bytes: utf8(encodeCsv(model)), fileName: `${baseName}.csv`, mime: 'text/csv' };
  },
};
