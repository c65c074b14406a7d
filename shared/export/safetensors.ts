/**
 * safetensors export (https://github.com/huggingface/safetensors, "Format"):
 * an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data.
 */

import { concatBytes, float32LE, float64LE, utf8 } from './bytes';
import type { Exporter } from './formats';
import { modelTensors } from './tensors';
import type { Model } from '../model-file/model';

export type SafetensorsDtype = 'F64' | 'F32';

export interface SafetensorsOptions {
  /** F64 keeps every weight exactly; F32 halves the size and is what most frameworks load by default. */
  dtype?: SafetensorsDtype;
}

/** The header is padded with spaces so the data starts 8-byte aligned, as the format recommends. */
const HEADER_ALIGNMENT = 8;

/** The file's bytes; `__metadata__` holds every configuration option as a string. */
export function encodeSafetensors(model: Model, options: SafetensorsOptions = {}): Uint8Array {
  const dtype = options.dtype ?? 'F64';
  if (dtype !== 'F64' && dtype !== 'F32') throw new Error(`safetensors dtype must be F64 or F32; got ${String(dtype)}`);
  const header: Record<string, unknown> = { __metadata__: metadataOf(model) };
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const { name, tensor } of modelTensors(model)) {
    const data = dtype === 'F64' ? float64LE(tensor.data) : float32LE(tensor.data);
    header[name] = { dtype, shape: [tensor.shape[0], tensor.shape[1]], data_offsets: [offset, offset + data.length] };
    blobs.push(data);
    offset += data.length;
  }
  const json = JSON.stringify(header);
  const padding = (HEADER_ALIGNMENT - (utf8(json).length % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT;
  const headerBytes = utf8(json + ' '.repeat(padding));
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  return concatBytes([length, headerBytes, ...blobs]);
}

function metadataOf(model: Model): Record<string, string> {
  const metadata: Record<string, string> = { format: 'rnn-studio' };
  for (const [key, value] of Object.entries(model.config)) metadata[key] = String(value);
  metadata.iterationsDone = String(model.training.iterations);
  return metadata;
}

export const safetensorsExporter: Exporter = {
  format: 'safetensors',
  label: 'safetensors (float64)',
  extension: 'safetensors',
  mime: 'application/octet-stream',
  encode: (model, options) => encodeSafetensors(model, { dtype: options.safetensorsDtype ?? 'F64' }),
};
