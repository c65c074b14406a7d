/** Every export format behind one shape; the CLI and the studio's Export Weights command both come here. */

import { csvExporter } from './csv';
import { EXPORT_FORMATS, type Exporter, type ExportedFile, type ExportFormat, type ExportOptions } from './formats';
import { jsonExporter } from './json';
import { npzExporter } from './npz';
import { onnxExporter } from './onnx';
import { safetensorsExporter } from './safetensors';
import type { Model } from '../model-file/model';

export * from './formats';
export { encodeCsv, CSV_HEADER } from './csv';
export { encodeNpz } from './npz';
export { encodeNpy } from './npy';
export { encodeSafetensors, type SafetensorsDtype, type SafetensorsOptions } from './safetensors';
export { encodeOnnx, ONNX_IR_VERSION, ONNX_OPSET } from './onnx';
export { predictScript } from './predictScript';

/** In menu order, the same order as EXPORT_FORMATS. */
export const exporters: readonly Exporter[] = [jsonExporter, csvExporter, npzExporter, safetensorsExporter, onnxExporter];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The exporter of a format; throws naming the allowed formats for anything else. */
export function exporterFor(format: string): Exporter {
  const exporter = exporters.find((e) => e.format === format);
  if (!exporter) throw new Error(`unknown export format ${JSON.stringify(format)}; formats are ${EXPORT_FORMATS.join(', ')}`);
  return exporter;
}

/**
 * The exported file of a model, named `baseName` plus the format's extension.
 * Any name a file can have is taken (spaces alone, or a backslash, which is
 * an ordinary character in a POSIX name): the archive's script finds its
 * archive by it.
 */
export function exportModel(model: Model, format: ExportFormat, baseName: string, options: Omit<ExportOptions, 'baseName'> = {}): ExportedFile {
  if (typeof baseName !== 'string' || baseName === '' || /[/\0]/.test(baseName)) {
    throw new Error(`export file name must be a non-empty name without a folder (no /); got ${JSON.stringify(baseName)}`);
  }
  const exporter = exporterFor(format);
  return { bytes: exporter.encode(model, { ...options, baseName }), fileName: `${baseName}.${exporter.extension}`, mime: exporter.mime };
}
