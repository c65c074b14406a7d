/**
 * The studio's checkpoints of runs in progress: one model file per window in
 * a folder under the user data, read and written through the same validated,
 * atomic model files as every other model. Only the main process chooses the
 * paths.
 *
 * A window keeps its own file, so windows training at once never overwrite
 * each other's checkpoint. A window that asks for its checkpoint before it
 * has one takes over the newest one no open window owns: what a crash or a
 * killed process left behind (the first window of the next launch gets the
 * newest, each further window the next). The single checkpoint file of
 * earlier versions counts as one of those. One a newer studio wrote is left
 * as it is, for that studio.
 */

import * as fsp from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MODEL_VERSION, type Model } from '@shared/model-file/model';
import { FileServiceError, NewerModelFileServiceError, describeFsError, type ModelFiles } from './modelFiles';

const EXTENSION = '.rnnmodel';

export class CheckpointFiles {
  /** The file each open window checkpoints to, by window. */
  private readonly owned = new Map<number, string>();
  /** Checkpoints a newer studio wrote: kept for it, never taken over or replaced here. */
  private readonly newer = new Set<string>();
  private created = 0;

  constructor(
    private readonly folder: string,
    private readonly files: ModelFiles,
    private readonly log: (line: string) => void = () => {},
    /** The one checkpoint file of earlier versions, taken over like any left behind. */
    private readonly legacy: string | null = null,
  ) {}

  /**
   * The window's checkpoint, or null when there is none: its own, else the
   * newest one no open window owns, which becomes its own. One that cannot
   * be opened is logged, removed and passed over.
   */
  async load(window: number): Promise<Model | null> {
    const own = this.owned.get(window);
    if (own) return this.read(own, window);
    for (const path of await this.unowned()) {
      this.owned.set(window, path);
      const model = await this.read(path, window);
      if (model) return model;
    }
    return null;
  }

  /** Validates the model as a file (the page's data is not trusted) and replaces the window's checkpoint atomically. */
  async save(window: number, model: unknown): Promise<void> {
    let path = this.owned.get(window);
    if (!path) {
      await this.makeFolder();
      path = join(this.folder, `${Date.now()}-${process.pid}-${++this.created}${EXTENSION}`);
      this.owned.set(window, path);
    }
    await this.files.save(path, model as Model);
  }

  /** Removes the window's checkpoint (nothing happens when it has none). */
  async clear(window: number): Promise<void> {
    const path = this.owned.get(window);
    if (!path) return;
    try {
      await fsp.unlink(path);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw new FileServiceError(`The checkpoint could not be removed: ${describeFsError(error)}.`);
    }
    this.owned.delete(window);
  }

  /** The window has closed: its checkpoint, if it left one, waits for a later window like any left behind. */
  release(window: number): void {
    this.owned.delete(window);
  }

  private async read(path: string, window: number): Promise<Model | null> {
    try {
      await fsp.access(path);
    } catch {
      return null;
    }
    try {
      return (await this.files.read(path)).model;
    } catch (error) {
      if (error instanceof NewerModelFileServiceError) {
        this.log(`the checkpoint ${path} was written by a newer RNN Studio (model file version ${error.version}; this one reads version ${MODEL_VERSION}): it is kept for that version, not restored here`);
        this.newer.add(path);
        // The window checkpoints to a file of its own instead, so the newer one is never written over.
        this.owned.delete(window);
        return null;
      }
      if (!(error instanceof FileServiceError)) throw error;
      this.log(`the checkpoint ${path} was removed: ${error.message}`);
      await this.clear(window);
      return null;
    }
  }

  /** The checkpoint files no open window owns, newest first. */
  private async unowned(): Promise<string[]> {
    const owned = new Set(this.owned.values());
    let names: string[] = [];
    try {
      names = (await fsp.readdir(this.folder)).filter((name) => name.endsWith(EXTENSION) && !name.startsWith('.'));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') this.log(`the checkpoints in ${this.folder} could not be listed: ${describeFsError(error)}`);
    }
    const paths = names.map((name) => join(this.folder, name));
    if (this.legacy) paths.push(this.legacy);
    const dated: { path: string; modified: number }[] = [];
    for (const path of paths) {
      if (owned.has(path) || this.newer.has(path)) continue;
      try {
        const info = await fsp.stat(path);
        if (info.isFile()) dated.push({ path, modified: info.mtimeMs });
      } catch {
        // Gone since it was listed, or the legacy file that is not there.
      }
    }
    return dated.sort((a, b) => b.modified - a.modified || (basename(a.path) < basename(b.path) ? 1 : -1)).map((d) => d.path);
  }

  private async makeFolder(): Promise<void> {
    try {
      await fsp.mkdir(this.folder, { recursive: true });
    } catch (error) {
      throw new FileServiceError(`The checkpoint folder could not be made: ${describeFsError(error)}.`);
    }
  }
}
