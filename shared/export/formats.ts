/** The weight export formats, one exporter module each, all with one shape. */

import type { Model } from '../model-file/model';

export type ExportFormat = 'json' | 'csv' | 'npz' | 'safetensors' | 'onnx';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'npz', 'safetensors', 'onnx'];

export interface ExportOptions {
  /** The file name without its extension (npz's predict.py names the archive it reads). */
  baseName: string;
  /** safetensors only: F64 (default, exact) or F32. */
  safetensorsDtype?: 'F64' | 'F32';
}

export interface Exporter {
  format: ExportFormat;
  /** What the studio's Export menu shows. */
  label: string;
  extension: string;
  mime: string;
  /** The file's bytes. Throws for weights that do not fit the model's configuration. */
  encode(model: Model, options: ExportOptions): Uint8Array;
}

/** An exported file, ready to save. */
export interface ExportedFile {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
}
