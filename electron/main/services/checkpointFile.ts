/**
 * The studio's checkpoint of a run in progress, one model file in the
 * user-data folder, read and written through the same validated, atomic model
 * files as every other model. Only the main process chooses the path.
 */

import * as fsp from 'node:fs/promises';
import type { Model } from '@shared/model-file/model';
import { FileServiceError, describeFsError, type ModelFiles } from './modelFiles';

export class CheckpointFile {
  constructor(
    private readonly path: string,
    private readonly files: ModelFiles,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The checkpoint, or null when there is none; one that cannot be opened is logged, removed and reported as none. */
  async load(): Promise<Model | null> {
    try {
      await fsp.access(this.path);
    } catch {
      return null;
    }
    try {
      return (await this.files.read(this.path)).model;
    } catch (error) {
      if (!(error instanceof FileServiceError)) throw error;
      this.log(`the checkpoint ${this.path} was removed: ${error.message}`);
      await this.clear();
      return null;
    }
  }

  /** Validates the model as a file (the page's data is not trusted) and replaces the checkpoint atomically. */
  async save(model: unknown): Promise<void> {
    await this.files.save(this.path, model as Model);
  }

  async clear(): Promise<void> {
    try {
      await fsp.unlink(this.path);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw new FileServiceError(`The checkpoint could not be removed: ${describeFsError(error)}.`);
    }
  }
}
