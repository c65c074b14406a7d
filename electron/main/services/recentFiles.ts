/**
 * The recently opened and saved model files: most recent first, no
 * duplicates, at most ten, kept in a JSON file in the user-data folder and
 * written atomically. Files that have gone are dropped when the list is read.
 * The store is read as every other file is (a regular file, capped in size),
 * and a store that cannot be read or written is reported, never thrown: the
 * list then lives in memory, and opening or saving a model goes on.
 */

import * as fsp from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { RecentFile } from '@shared/api/studioApi';
import { writeFileAtomic } from '@shared/node/atomicWrite';
import { readRegularFile } from '@shared/node/regularFile';

export const MAX_RECENT_FILES = 10;
/** Ten paths take a few kilobytes; anything much larger is not this store. */
const MAX_STORE_BYTES = 1024 * 1024;
const STORE_VERSION = 1;

export interface RecentList {
  files: RecentFile[];
  /** Paths dropped from the list because their file is gone. */
  dropped: string[];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await fsp.stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Paths compare case-insensitively where the file system usually does. */
function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export class RecentFiles {
  private paths: string[] | null = null;

  constructor(
    private readonly storePath: string,
    private readonly options: { exists?: (path: string) => Promise<boolean>; onStoreError?: (message: string) => void } = {},
  ) {}

  /** The list, after dropping files that no longer exist (and saving that). */
  async list(): Promise<RecentList> {
    const paths = await this.load();
    const exists = this.options.exists ?? isFile;
    const present = await Promise.all(paths.map((p) => exists(p)));
    const dropped = paths.filter((_, i) => !present[i]);
    if (dropped.length > 0) await this.store(paths.filter((_, i) => present[i]));
    return { files: this.current().map(toRecentFile), dropped };
  }

  /** The list as last loaded, without touching the disk (for building menus). */
  current(): string[] {
    return [...(this.paths ?? [])];
  }

  /** Puts a file first; an existing entry for it moves up instead of repeating. */
  async add(path: string): Promise<RecentFile[]> {
    const absolute = resolve(path);
    const paths = await this.load();
    await this.store([absolute, ...paths.filter((p) => !samePath(p, absolute))].slice(0, MAX_RECENT_FILES));
    return this.current().map(toRecentFile);
  }

  async remove(path: string): Promise<void> {
    const absolute = resolve(path);
    const paths = await this.load();
    if (paths.some((p) => samePath(p, absolute))) await this.store(paths.filter((p) => !samePath(p, absolute)));
  }

  async clear(): Promise<void> {
    await this.store([]);
  }

  private async load(): Promise<string[]> {
    if (this.paths) return this.paths;
    this.paths = await this.readStore();
    return this.paths;
  }

  /** A missing store is an empty list; an unreadable one is reported and replaced by the next change. */
  private async readStore(): Promise<string[]> {
    let text: string;
    try {
      text = new TextDecoder().decode(await readRegularFile(this.storePath, MAX_STORE_BYTES));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') this.options.onStoreError?.(`recent files could not be read from ${this.storePath}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
    try {
      const stored = JSON.parse(text) as { files?: unknown };
      if (!Array.isArray(stored.files)) throw new Error('"files" is not a list');
      const paths = stored.files.filter((p): p is string => typeof p === 'string' && p.length > 0).map((p) => resolve(p));
      const unique = paths.filter((p, i) => paths.findIndex((q) => samePath(p, q)) === i);
      return unique.slice(0, MAX_RECENT_FILES);
    } catch (error) {
      this.options.onStoreError?.(`recent files in ${this.storePath} are damaged and were reset: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  private async store(paths: string[]): Promise<void> {
    this.paths = paths;
    try {
      await writeFileAtomic(this.storePath, `${JSON.stringify({ version: STORE_VERSION, files: paths }, null, 2)}\n`);
    } catch (error) {
      this.options.onStoreError?.(`recent files could not be written to ${this.storePath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function toRecentFile(path: string): RecentFile {
  return { path, name: basename(path) };
}
