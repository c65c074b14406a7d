/** NumPy .npz export: what numpy.savez writes, plus the configuration and a predict.py. */

import { utf8 } from './bytes';
import type { Exporter } from './formats';
import { encodeNpy } from './npy';
import { predictScript } from './predictScript';
import { modelTensors } from './tensors';
import { zipStored, type ZipEntry } from './zip';
import type { Model } from '../model-file/model';

/** The archive: one `<name>.npy` per weight (float64, C order, model shapes), `config.json`, `predict.py`. */
export function encodeNpz(model: Model, baseName: string): Uint8Array {
  const entries: ZipEntry[] = modelTensors(model).map(({ name, tensor }) => ({ name: `${name}.npy`, data: encodeNpy(tensor) }));
  entries.push({ name: 'config.json', data: utf8(`${JSON.stringify(model.config, null, 2)}\n`) });
  entries.push({ name: 'predict.py', data: utf8(predictScript(baseName)) });
  return zipStored(entries);
}

export const npzExporter: Exporter = {
  format: 'npz',
  label: 'NumPy archive (.npz)',
  extension: 'npz',
  mime: 'application/zip',
  export(model, baseName) {
    return { bytes: encodeNpz(model, baseName), fileName: `${baseName}.npz`, mime: 'application/zip' };
  },
};
