/** The weight export formats, one exporter module each, all with one shape. */

import type { Model } from '../model-file/model';

export type ExportFormat = 'json' | 'csv' | 'npz' | 'safetensors' | 'onnx';

export interface ExportedFile {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
}

export interface Exporter {
  format: ExportFormat;
  /** What the studio's Export menu shows. */
  label: string;
  extension: string;
  mime: string;
  /** baseName: the file name without extension. */
  export(model: Model, baseName: string): ExportedFile;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'npz', 'safetensors', 'onnx'];
