/**
 * A worker thread that turns a checkpoint into model-file text and writes it
 * atomically, so the seconds a large model's text takes (hidden 512 with Adam:
 * about 18 MB, 1 s) are not taken from training.
 */

import { parentPort } from 'node:worker_threads';
import { NumberListCache } from '../shared/model-file/jsonText';
import type { Model } from '../shared/model-file/model';
import { writeCheckpoint } from './checkpointWrite';

export interface CheckpointJob {
  path: string;
  model: Model;
}

/** A write's outcome; a failure says whether it is a file's (a UsageError's message) and whether the writer has gone. */
export type CheckpointDone = { ok: true; iteration: number } | { ok: false; problem: string; usage?: boolean; gone?: boolean };

const port = parentPort;
if (!port) throw new Error('the checkpoint writer runs as a worker thread');
// One writer per thread, one path: what it formatted last is kept for the next write.
const cache = new NumberListCache();
port.on('message', (job: CheckpointJob) => {
  void writeCheckpoint(job.path, job.model, cache).then((done) => port.postMessage(done));
});
