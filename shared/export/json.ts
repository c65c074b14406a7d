/** JSON export: the studio's own model file, which opens again in the studio and in any JSON reader. */

import { utf8 } from './bytes';
import type { Exporter } from './formats';
import { modelTensors } from './tensors';
import { serializeModel } from '../model-file/modelFile';
import { MODEL_EXTENSION } from '../model-file/model';

export const jsonExporter: Exporter = {
  format: 'json',
  label: `Model file (JSON, .${MODEL_EXTENSION} format)`,
  extension: 'json',
  mime: 'application/json',
  encode(model) {
    modelTensors(model); // refuses missing or misshapen weights before anything is written
    return utf8(serializeModel(model));
  },
};
