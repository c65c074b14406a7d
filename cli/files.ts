/** Reading model files and writing outputs atomically, with one-line messages for every file problem. */

import { realpathSync } from 'node:fs';
import { access, constants, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { resolveWriteTarget, writeFileAtomic as replaceFile } from '../shared/node/atomicWrite';
import { FileTooLargeError, NotRegularFileError, readRegularFile } from '../shared/node/regularFile';
import { ModelFileError, checkModelFileSize, parseModelFile } from '../shared/model-file/modelFile';
import { MAX_MODEL_FILE_BYTES, type Model } from '../shared/model-file/model';
import { UsageError } from './args';

/**
 * A path argument as the person meant it. `npm run` starts scripts in the
 * folder of the package.json it names in npm_package_json and puts the folder
 * the person ran it from in INIT_CWD, so relative paths resolve against
 * INIT_CWD when npm moved us; run any other way (INIT_CWD may be inherited
 * from an outer npm script), against the working folder.
 */
export function callerPath(path: string): string {
  const { INIT_CWD: initCwd, npm_package_json: packageJson } = process.env;
  const movedByNpm = initCwd !== undefined && packageJson !== undefined && samePath(process.cwd(), dirname(packageJson));
  return resolve(movedByNpm ? initCwd : process.cwd(), path);
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function fileProblem(action: string, path: string, error: unknown): UsageError {
  if (error instanceof NotRegularFileError) return new UsageError(`cannot ${action} ${path}: ${error.message}`);
  switch (code(error)) {
    case 'ENOENT': return new UsageError(`cannot ${action} ${path}: no such file or folder`);
    case 'EACCES':
    case 'EPERM': return new UsageError(`cannot ${action} ${path}: permission denied`);
    case 'EISDIR': return new UsageError(`cannot ${action} ${path}: it is a folder, not a file`);
    case 'ENOTDIR': return new UsageError(`cannot ${action} ${path}: a part of the path is not a folder`);
    case 'ENOSPC': return new UsageError(`cannot ${action} ${path}: the disk is full`);
    case 'EROFS': return new UsageError(`cannot ${action} ${path}: the disk is read-only`);
    case 'ELOOP': return new UsageError(`cannot ${action} ${path}: too many levels of symbolic links`);
    case 'EFBIG': return new UsageError(`cannot ${action} ${path}: the file would be larger than this system allows`);
    case 'EDQUOT': return new UsageError(`cannot ${action} ${path}: the disk quota is used up`);
    default: return new UsageError(`cannot ${action} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A failed write to `path` as the one-line message every command gives for it. */
export function writeProblem(path: string, error: unknown): UsageError {
  return error instanceof UsageError ? error : fileProblem('write', path, error);
}

/** Reads and validates a model file (a regular file of at most MAX_MODEL_FILE_BYTES); any problem becomes a UsageError naming the file. */
export async function readModel(path: string): Promise<Model> {
  try {
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(callerPath(path), MAX_MODEL_FILE_BYTES);
    } catch (error) {
      if (error instanceof FileTooLargeError) checkModelFileSize(error.bytes);
      throw fileProblem('read', path, error);
    }
    return parseModelFile(new TextDecoder().decode(bytes), bytes.length);
  } catch (error) {
    if (error instanceof ModelFileError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Whether two paths name one existing file: through links, and as hard links to one file (device and inode). */
export async function isSameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(callerPath(a)).catch(() => null), stat(callerPath(b)).catch(() => null)]);
  if (!x || !y) return false;
  if (x.dev === y.dev && x.ino === y.ino && x.ino !== 0) return true;
  // Where the file system has no inode numbers, the real paths tell.
  const [p, q] = await Promise.all([realpath(callerPath(a)).catch(() => null), realpath(callerPath(b)).catch(() => null)]);
  return p !== null && p === q;
}

/** Fails early, before any long work, when the target (or the file its links lead to) cannot be written. */
export async function checkWritable(path: string): Promise<void> {
  let target: string;
  try {
    target = (await resolveWriteTarget(callerPath(path))).path;
  } catch (error) {
    throw fileProblem('write', path, error);
  }
  try {
    const info = await stat(dirname(target));
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(dirname(target), constants.W_OK);
  } catch (error) {
    throw fileProblem('write', path, error);
  }
}

/**
 * Writes the whole file beside the target, flushes it, then renames it over
 * the target: readers see the old file or the new one, never a partial one.
 * Links are written through and the replaced file keeps its permissions.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await replaceFile(callerPath(path), data);
  } catch (error) {
    throw fileProblem('write', path, error);
  }
}
