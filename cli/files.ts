/** Reading model files and writing outputs atomically, with one-line messages for every file problem. */

import { randomBytes } from 'node:crypto';
import { access, constants, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelFileError, checkModelFileSize, parseModelFile } from '../shared/model-file/ModelFile';
import type { Model } from '../shared/model-file/model';
import { UsageError } from './args';

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function fileProblem(action: string, path: string, error: unknown): UsageError {
  switch (code(error)) {
    case 'ENOENT': return new UsageError(`cannot ${action} ${path}: no such file or folder`);
    case 'EACCES':
    case 'EPERM': return new UsageError(`cannot ${action} ${path}: permission denied`);
    case 'EISDIR': return new UsageError(`cannot ${action} ${path}: it is a folder, not a file`);
    case 'ENOTDIR': return new UsageError(`cannot ${action} ${path}: a part of the path is not a folder`);
    case 'ENOSPC': return new UsageError(`cannot ${action} ${path}: the disk is full`);
    default: return new UsageError(`cannot ${action} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads and validates a model file; any problem becomes a UsageError naming the file. */
export async function readModel(path: string): Promise<Model> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    checkModelFileSize(info.size);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ModelFileError) throw new UsageError(`${path}: ${error.message}`);
    throw fileProblem('read', path, error);
  }
  try {
    return parseModelFile(text, Buffer.byteLength(text, 'utf8'));
  } catch (error) {
    if (error instanceof ModelFileError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Fails early, before any long work, when the target cannot be written. */
export async function checkWritable(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw fileProblem('write', path, error);
  }
  try {
    if ((await stat(path)).isDirectory()) throw fileProblem('write', path, Object.assign(new Error('folder'), { code: 'EISDIR' }));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (code(error) !== 'ENOENT') throw fileProblem('write', path, error);
  }
}

/**
 * Writes the whole file beside the target, flushes it, then renames it over
 * the target: readers see the old file or the new one, never a partial one.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw fileProblem('write', path, error);
  }
}
