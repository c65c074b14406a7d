/** StudioApi for any browser: a Web Worker trainer, file input and drag and drop, downloads or the save picker, localStorage. */

import { deleteRun, listRuns, saveRun } from './runDatabase';
import { HostError, type DroppedFile, type OpenedModel, type StudioApi } from '@shared/api/studioApi';
import { validOptions } from '@shared/rnn/config';
import { isModelFileError, parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { MAX_MODEL_FILE_BYTES, MODEL_EXTENSION } from '@shared/model-file/model';
import { exportModel, exporterFor } from '@shared/export/index';
import { pickFile, saveFile, writeToHandle, type FileHandle } from './browserFiles';
import { connectWorkerTrainer } from './workerTrainer';
import { createIndexedDbCheckpoints } from './checkpointDb';

const SETTINGS_KEY = 'rnn-studio.settings';

async function readModel(file: DroppedFile): Promise<OpenedModel> {
  const describe = `"${file.name}" cannot be opened`;
  if (file.size > MAX_MODEL_FILE_BYTES) {
    throw new HostError(`${describe}: it is ${(file.size / 1024 / 1024).toFixed(1)} MB; a model file can be at most ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MB.`);
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    throw new HostError(`${describe}: the browser could not read it (${error instanceof Error ? error.message : String(error)}).`);
  }
  try {
    return { model: parseModelFile(text, file.size), name: file.name, path: null };
  } catch (error) {
    if (isModelFileError(error)) throw new HostError(`${describe}: ${error.message}. The open model is unchanged.`);
    throw error;
  }
}

function withExtension(name: string | null, extension: string): string {
  const base = (name ?? 'model').replace(/\.[^.]*$/, '') || 'model';
  return `${base}.${extension}`;
}

export function createWebHost(): StudioApi {
  /** Where the last save went through the save picker, so Save can write it again. */
  let savedHandle: FileHandle | null = null;

  return {
    host: 'web',
    connectTrainer: async () => connectWorkerTrainer(),
    // Every pool slot is a Web Worker of its own; the pool closes it when the sweep ends.
    connectPoolTrainer: async () => connectWorkerTrainer(),
    listRuns,
    saveRun,
    deleteRun,

    async openModel() {
      const file = await pickFile(`.${MODEL_EXTENSION},.json,application/json`);
      if (!file) return null;
      const opened = await readModel(file);
      savedHandle = null;
      return opened;
    },

    openPath(path) {
      return Promise.reject(new HostError(`Recent files are a desktop feature; in a browser, open "${path}" with Open.`));
    },

    async openDropped(file) {
      const opened = await readModel(file);
      savedHandle = null;
      return opened;
    },

    async saveModel(model, options) {
      const target = {
        name: withExtension(options.name, MODEL_EXTENSION),
        bytes: serializeModel(model),
        mime: 'application/json',
        description: 'RNN Studio model',
        extension: MODEL_EXTENSION,
      };
      try {
        if (!options.saveAs && savedHandle && savedHandle.name === target.name) {
          await writeToHandle(savedHandle, target);
          return { name: savedHandle.name, path: null };
        }
        const handle = await saveFile(target);
        if (handle === undefined) return null;
        savedHandle = handle;
        return { name: handle?.name ?? target.name, path: null };
      } catch (error) {
        throw new HostError(`The model could not be saved: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    async exportWeights(model, format, baseName) {
      const exporter = exporterFor(format);
      try {
        const file = exportModel(model, format, baseName);
        const handle = await saveFile({ name: file.fileName, bytes: file.bytes, mime: file.mime, description: exporter.label, extension: exporter.extension });
        if (handle === undefined) return null;
        return { name: handle?.name ?? file.fileName, path: null };
      } catch (error) {
        throw new HostError(`The weights could not be exported as ${exporter.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    recentFiles: async () => [],
    onMenuCommand: () => () => {},

    setDocumentState({ name, dirty }) {
      document.title = `${dirty ? '• ' : ''}${name ?? 'Untitled'} — RNN Studio`;
    },

    async loadSettings() {
      let stored: unknown;
      try {
        stored = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null');
      } catch {
        return null;
      }
      if (typeof stored !== 'object' || stored === null) return null;
      // Only values that are still valid come back; a field that fails keeps its default.
      return validOptions(stored);
    },

    async saveSettings(settings) {
      try {
        localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
      } catch {
        // Storage full or disabled: the settings are simply not remembered.
      }
    },

    checkpoints: createIndexedDbCheckpoints(),
  };
}
