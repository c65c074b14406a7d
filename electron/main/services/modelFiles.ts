/**
 * Model files on disk for the main process: reads capped in size and
 * validated by the shared parser before the studio sees anything, saves and
 * exports written atomically. Every failure is a FileServiceError whose
 * message says what went wrong and what still holds.
 */

import { basename, dirname, extname } from 'node:path';
import type { OpenedModel, SavedModel } from '@shared/api/studioApi';
import { exportModel } from '@shared/export/index';
import type { ExportFormat } from '@shared/export/formats';
import { NewerModelFileError, isModelFileError, parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { MAX_MODEL_FILE_BYTES, MODEL_EXTENSION, type Model } from '@shared/model-file/model';
import { writeFileAtomic, type AtomicWriteFs } from '@shared/node/atomicWrite';
import { FileTooLargeError, readRegularFile } from '@shared/node/regularFile';

export class FileServiceError extends Error {
  override name = 'FileServiceError';
}

/** A model file a newer studio wrote: whole, but not readable by this version. */
export class NewerModelFileServiceError extends FileServiceError {
  override name = 'NewerModelFileServiceError';

  constructor(
    message: string,
    /** The file's version. */
    readonly version: number,
  ) {
    super(message);
  }
}

/** What a file-system error means for a person. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist (or its folder does not)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EBUSY':
      return 'another program is using it';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The path with the extension added when it has none (dialogs on Linux do not add one). */
export function withExtension(path: string, extension: string): string {
  return extname(path) === '' ? `${path}.${extension}` : path;
}

const MB = 1024 * 1024;

export class ModelFiles {
  private readonly maxBytes = MAX_MODEL_FILE_BYTES;

  /** fs: the operations atomic writes use (tests pass failing ones). */
  constructor(private readonly options: { fs?: AtomicWriteFs } = {}) {}

  /** Reads and validates a model file; the open model never changes on a bad file. */
  async read(path: string): Promise<OpenedModel> {
    const name = basename(path);
    const refuse = (why: string) => new FileServiceError(`"${name}" cannot be opened: ${why}. The open model is unchanged.`);
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(path, this.maxBytes);
    } catch (error) {
      if (error instanceof FileTooLargeError) throw refuse(this.tooLarge(error.bytes));
      throw refuse(describeFsError(error));
    }
    return { model: this.parse(name, bytes), name, path };
  }

  /** Validates model-file text that arrived without a path (a dropped file the OS gave no path for). */
  readText(name: string, text: string): OpenedModel {
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > this.maxBytes) {
      throw new FileServiceError(`"${name}" cannot be opened: ${this.tooLarge(bytes.length)}. The open model is unchanged.`);
    }
    return { model: this.parse(name, bytes), name, path: null };
  }

  /** Writes the model atomically; refuses a model whose file could not be opened again. */
  async save(path: string, model: Model): Promise<SavedModel> {
    const name = basename(path);
    let text: string;
    try {
      text = serializeModel(model);
      parseModelFile(text);
    } catch (error) {
      throw new FileServiceError(`The model cannot be saved: ${error instanceof Error ? error.message : String(error)}.`);
    }
    await this.write(path, text);
    return { name, path };
  }

  /** Writes the model's weights in an export format atomically. */
  async export(path: string, model: Model, format: ExportFormat, baseName: string): Promise<SavedModel> {
    let bytes: Uint8Array;
    try {
      bytes = exportModel(model, format, baseName).bytes;
    } catch (error) {
      throw new FileServiceError(`The weights cannot be exported as ${format}: ${error instanceof Error ? error.message : String(error)}.`);
    }
    await this.write(path, bytes);
    return { name: basename(path), path };
  }

  private async write(path: string, data: Uint8Array | string): Promise<void> {
    try {
      await writeFileAtomic(path, data, this.options.fs);
    } catch (error) {
      throw new FileServiceError(
        `"${basename(path)}" could not be written in ${dirname(path)}: ${describeFsError(error)}. Any file that was there is unchanged.`,
      );
    }
  }

  private parse(name: string, bytes: Uint8Array): Model {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new FileServiceError(`"${name}" cannot be opened: it is not a text file (model files are UTF-8 JSON, .${MODEL_EXTENSION}). The open model is unchanged.`);
    }
    try {
      return parseModelFile(text, bytes.length);
    } catch (error) {
      if (error instanceof NewerModelFileError) throw new NewerModelFileServiceError(`"${name}" cannot be opened: ${error.message}. The open model is unchanged.`, error.version);
      if (isModelFileError(error)) throw new FileServiceError(`"${name}" cannot be opened: ${error.message}. The open model is unchanged.`);
      throw error;
    }
  }

  private tooLarge(bytes: number): string {
    return `it is ${(bytes / MB).toFixed(1)} MB; a model file can be at most ${Math.round((this.maxBytes / MB) * 10) / 10} MB`;
  }
}
