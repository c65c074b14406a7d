/** CSV export: one long table, one row per weight value. */

import { utf8 } from './bytes';
import { exactNumberText } from '../model-file/jsonText';
import type { Exporter } from './formats';
import { modelTensors } from './tensors';
import type { Model } from '../model-file/model';

export const CSV_HEADER = 'tensor,row,col,value';

/** Every weight as `tensor,row,col,value` lines (0-based indices, values that parse back exactly). */
export function encodeCsv(model: Model): string {
  const lines = [CSV_HEADER];
  for (const { name, tensor } of modelTensors(model)) {
    const [rows, cols] = tensor.shape;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) lines.push(`${name},${r},${c},${exactNumberText(tensor.data[r * cols + c]!)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const csvExporter: Exporter = {
  format: 'csv',
  label: 'CSV table (tensor,row,col,value)',
  extension: 'csv',
  mime: 'text/csv',
  encode: (model) => utf8(encodeCsv(model)),
};
