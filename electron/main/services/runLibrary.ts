/**
 * The run library on disk: one file per run, `<id>.rnnrun` in the runs folder
 * under the user-data folder, each written atomically and only as a regular
 * file inside the folder (a link in its place is replaced, never followed: the
 * page chooses the id). Every file is checked as it is read (a damaged one is
 * skipped, not shown); the oldest runs go once the library holds more than
 * its limit. Which runs there are, and when each ran, is read from the folder
 * once and then kept up to date by every save and delete, so that saving a
 * run costs what its own file costs (a sweep saves once per run).
 */

import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_LIBRARY_RUNS, MAX_RUN_ENTRY_BYTES, isRunId, parseRunEntry, RunEntryError, type RunEntry } from '@shared/run/library/runEntry';
import { writeOwnFileAtomic } from '@shared/node/atomicWrite';
import { FileServiceError } from './modelFiles';
import { readRegularFile } from '@shared/node/regularFile';

const EXTENSION = '.rnnrun';

/** A run as the index knows it. */
interface Indexed {
  id: string;
  ranAt: number;
}

/** Oldest first: by when they ran, then by id. */
const byAge = (a: Indexed, b: Indexed): number => a.ranAt - b.ranAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class RunLibrary {
  /** When each run on disk ran, by id; read from the folder on first need. */
  private index: Promise<Map<string, number>> | null = null;

  constructor(
    private readonly folder: string,
    private readonly limit = MAX_LIBRARY_RUNS,
    private readonly onSkipped: (file: string, problem: string) => void = () => {},
  ) {}

  /** The entries' texts, oldest first; damaged files are skipped. */
  async list(): Promise<string[]> {
    const entries = await this.read();
    this.index ??= Promise.resolve(new Map(entries.map((e) => [e.id, e.ranAt])));
    return entries.map((e) => e.text);
  }

  /** Stores a run's text after checking it, replacing the run of the same id; drops the oldest beyond the limit. */
  async save(text: unknown): Promise<void> {
    if (typeof text !== 'string' || text.length > MAX_RUN_ENTRY_BYTES) throw new FileServiceError(`A run must be the text of a run file of at most ${MAX_RUN_ENTRY_BYTES} bytes.`);
    let entry: RunEntry;
    try {
      entry = parseRunEntry(text);
    } catch (error) {
      if (error instanceof RunEntryError) throw new FileServiceError(`The run could not be kept: ${error.message}.`);
      throw error;
    }
    await fsp.mkdir(this.folder, { recursive: true });
    await writeOwnFileAtomic(this.pathOf(entry.id), text);
    const index = await this.indexed();
    index.set(entry.id, entry.ranAt);
    if (index.size <= this.limit) return;
    const oldest = [...index].map(([id, ranAt]) => ({ id, ranAt })).sort(byAge).slice(0, index.size - this.limit);
    for (const { id } of oldest) index.delete(id);
    for (const { id } of oldest) await this.unlink(id);
  }

  /** Deletes a run; deleting one that is not there is not an error. */
  async remove(id: unknown): Promise<void> {
    if (!isRunId(id)) throw new FileServiceError('A run id is letters, digits and dashes.');
    await this.unlink(id);
    (await this.index)?.delete(id);
  }

  /** The index, read from the folder the first time (a failed read is tried again next time). */
  private indexed(): Promise<Map<string, number>> {
    this.index ??= this.read().then(
      (entries) => new Map(entries.map((e) => [e.id, e.ranAt])),
      (error: unknown) => {
        this.index = null;
        throw error;
      },
    );
    return this.index;
  }

  private pathOf(id: string): string {
    return join(this.folder, `${id}${EXTENSION}`);
  }

  private async unlink(id: string): Promise<void> {
    await fsp.unlink(this.pathOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private async read(): Promise<{ id: string; ranAt: number; text: string }[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: { id: string; ranAt: number; text: string }[] = [];
    for (const name of names) {
      if (!name.endsWith(EXTENSION) || name.startsWith('.')) continue;
      try {
        const path = join(this.folder, name);
        // Only a regular file, read up to the cap (a FIFO or a growing file in the folder must not hang or flood it).
        const text = new TextDecoder().decode(await readRegularFile(path, MAX_RUN_ENTRY_BYTES));
        const entry = parseRunEntry(text);
        if (`${entry.id}${EXTENSION}` !== name) throw new RunEntryError(`its id ${entry.id} does not match its name`);
        out.push({ id: entry.id, ranAt: entry.ranAt, text });
      } catch (error) {
        this.onSkipped(name, error instanceof Error ? error.message : String(error));
      }
    }
    return out.sort(byAge);
  }
}
