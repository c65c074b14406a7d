/**
 * A worker thread that turns a checkpoint into model-file text and writes it
 * atomically, so the seconds a large model's text takes (hidden 512 with Adam:
 * about 18 MB, 1 s) are not taken from training.
 */

import { parentPort } from 'node:worker_threads';
import { serializeModel } from '../shared/model-file/modelFile';
import type { Model } from '../shared/model-file/model';
import { writeFileAtomic } from './files';

export interface CheckpointJob {
  path: string;
  model: Model;
}

export type CheckpointDone = { ok: true; iteration: number } | { ok: false; problem: string };

const port = parentPort;
if (!port) throw new Error('the checkpoint writer runs as a worker thread');
port.on('message', (job: CheckpointJob) => {
  void (async (): Promise<CheckpointDone> => {
    try {
      await writeFileAtomic(job.path, serializeModel(job.model));
      return { ok: true, iteration: job.model.training.iterations };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  })().then((done) => port.postMessage(done));
});
