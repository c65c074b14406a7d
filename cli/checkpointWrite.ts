/** One checkpoint written to its file, in whichever thread writes checkpoints. */

import { serializeModel } from '../shared/model-file/modelFile';
import type { NumberListCache } from '../shared/model-file/jsonText';
import type { Model } from '../shared/model-file/model';
import { UsageError } from './args';
import type { CheckpointDone } from './checkpointWriter.worker';
import { writeFileAtomic } from './files';

/** Writes one model file atomically, formatting only the number lists that changed since the cache's last write. */
export async function writeCheckpoint(path: string, model: Model, cache: NumberListCache): Promise<CheckpointDone> {
  try {
    await writeFileAtomic(path, serializeModel(model, cache));
    return { ok: true, iteration: model.training.iterations };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error), usage: error instanceof UsageError };
  }
}
