/** NumPy .npz export: what numpy.savez writes, plus the configuration and a predict.py. */

import { utf8 } from './bytes';
import type { Exporter } from './formats';
import { encodeNpy } from './npy';
import { predictScript } from './predictScript';
import { modelTensors } from './tensors';
// The platform-neutral build: fflate's Node build declares a top-level `require`, which the main process's ES-module bundle declares too.
import { zipSync, type Zippable } from 'fflate/browser';
import type { Model } from '../model-file/model';

/** 1980-01-01, the earliest time a ZIP entry can hold. */
const ZIP_TIME = new Date(1980, 0, 1);

/** The archive: one `<name>.npy` per weight (float64, C order, model shapes), `config.json`, `predict.py`. */
export function encodeNpz(model: Model, baseName: string): Uint8Array {
  const entries: Zippable = {};
  for (const { name, tensor } of modelTensors(model)) entries[`${name}.npy`] = encodeNpy(tensor);
  entries['config.json'] = utf8(`${JSON.stringify(model.config, null, 2)}\n`);
  entries['predict.py'] = utf8(predictScript(baseName));
  // Stored, not deflated, as numpy.savez writes; a fixed time keeps exports byte-for-byte reproducible.
  return zipSync(entries, { level: 0, mtime: ZIP_TIME });
}

export const npzExporter: Exporter = {
  format: 'npz',
  label: 'NumPy archive (.npz)',
  extension: 'npz',
  mime: 'application/zip',
  encode: (model, options) => encodeNpz(model, options.baseName),
};
