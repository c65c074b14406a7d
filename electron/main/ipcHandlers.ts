/**
 * The main process's side of the studio API. Every handler first checks that
 * the message comes from the top frame of one of the app's windows showing
 * the app's pages, then checks its arguments; answers are HostResults. A page
 * names a file to open only from those the main process offered it
 * (OpenablePaths), and saves without a dialog only to its window's own file.
 */

import { dialog, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { OpenedModel, SavedModel } from '../../shared/api/studioApi';
import { exporterFor, isExportFormat } from '../../shared/export/index';
import { MODEL_EXTENSION, type Model } from '../../shared/model-file/model';
import { Channel, type SaveReplyMessage } from '../common/ipc';
import type { Log } from './services/appLog';
import { checkDocumentState } from './services/documentTitle';
import { FileServiceError, withExtension, type ModelFiles } from './services/modelFiles';
import { grantLaunchedFiles } from './launchedFiles';
import { OpenablePaths } from './services/openablePaths';
import type { RecentFiles } from './services/recentFiles';
import { silentSavePath } from './services/saveTarget';
import { guardedHandler, guardedListener, type GuardOptions } from './services/ipcGuard';
import type { SettingsStore } from './services/settingsStore';
import type { CheckpointFiles } from './services/checkpointFile';
import type { RunLibrary } from './services/runLibrary';
import type { StudioWindow } from './window';

export interface IpcContext {
  windowOf(webContentsId: number): StudioWindow | undefined;
  origins: readonly string[];
  files: ModelFiles;
  recent: RecentFiles;
  settings: SettingsStore;
  checkpoints: CheckpointFiles;
  runs: RunLibrary;
  documentsFolder: string;
  log: Log;
  /** The recent files changed (the menu shows them). */
  recentChanged(): void;
  /** The paths pages may open by name; by default the recent files, dialog results and launched files. */
  openable?: OpenablePaths;
}

/** Utility processes a window's sweep may run at once. */
const MAX_POOL_SLOTS = 64;

const MODEL_FILTERS = [
  { name: 'RNN Studio model', extensions: [MODEL_EXTENSION, 'json'] },
  { name: 'All files', extensions: ['*'] },
];

function text(value: unknown, what: string, max = 4096): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new FileServiceError(`${what} must be non-empty text of at most ${max} characters.`);
  return value;
}

export function registerIpcHandlers(context: IpcContext): OpenablePaths {
  const openable = context.openable ?? new OpenablePaths(() => context.recent.current());
  if (!context.openable) grantLaunchedFiles(openable);

  const guard: GuardOptions<StudioWindow> = {
    isAppWindow: (id) => context.windowOf(id) !== undefined,
    origins: context.origins,
    windowOf: context.windowOf,
    log: context.log,
    expected: (error) => error instanceof FileServiceError,
  };

  function handle<T>(channel: string, work: (window: StudioWindow, event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<T>): void {
    ipcMain.handle(channel, guardedHandler(channel, guard, work));
  }

  function on(channel: string, work: (window: StudioWindow, value: unknown) => void): void {
    ipcMain.on(channel, guardedListener<StudioWindow, IpcMainEvent>(channel, guard, work));
  }

  async function opened(window: StudioWindow, read: Promise<OpenedModel>): Promise<OpenedModel> {
    const model = await read;
    if (model.path) {
      window.filePath = model.path;
      await context.recent.add(model.path);
      context.recentChanged();
    }
    return model;
  }

  handle(Channel.connectTrainer, async (window, event, nonce) => {
    const id = text(nonce, 'The connection nonce', 200);
    const port = window.trainer.connect(id);
    event.sender.postMessage(Channel.trainerPort, { nonce: id }, [port]);
  });

  handle(Channel.connectPoolTrainer, async (window, event, nonce, slot) => {
    const id = text(nonce, 'The connection nonce', 200);
    if (typeof slot !== 'number' || !Number.isInteger(slot) || slot < 0 || slot >= MAX_POOL_SLOTS) throw new FileServiceError(`A pool slot is a whole number from 0 to ${MAX_POOL_SLOTS - 1}.`);
    const port = window.poolTrainer(slot).connect(id);
    event.sender.postMessage(Channel.trainerPort, { nonce: id }, [port]);
  });

  handle(Channel.listRuns, async () => context.runs.list());
  handle(Channel.saveRun, async (_window, _event, runText) => context.runs.save(runText));
  handle(Channel.deleteRun, async (_window, _event, id) => context.runs.remove(id));

  handle(Channel.openModel, async (window) => {
    const { canceled, filePaths } = await dialog.showOpenDialog(window.window, {
      title: 'Open Model',
      properties: ['openFile'],
      filters: MODEL_FILTERS,
      defaultPath: window.filePath ? dirname(window.filePath) : context.documentsFolder,
    });
    const path = filePaths[0];
    if (canceled || !path) return null;
    openable.grant(path);
    return opened(window, context.files.read(path));
  });

  // Also how files from the command line, the OS and the recent-files menu arrive (the page asks for them by path).
  handle(Channel.openPath, async (window, _event, path) => {
    const file = text(path, 'The file path');
    if (!openable.allows(file)) throw new FileServiceError(`"${basename(file)}" cannot be opened from here: the studio did not offer it. Open it with Open… instead.`);
    try {
      return await opened(window, context.files.read(file));
    } catch (error) {
      if (existsSync(file)) throw error;
      await context.recent.remove(file);
      context.recentChanged();
      throw new FileServiceError(`"${basename(file)}" no longer exists in ${dirname(file)}; it was removed from the recent files.`);
    }
  });

  handle(Channel.openDroppedText, async (window, _event, name, content) => {
    if (typeof content !== 'string') throw new FileServiceError('The dropped file could not be read as text.');
    const model = context.files.readText(text(name, 'The dropped file name', 1024), content);
    window.filePath = null;
    return model;
  });

  handle(Channel.saveModel, async (window, _event, model, options): Promise<SavedModel | null> => {
    const { name } = (options ?? {}) as { name?: unknown };
    let path = silentSavePath(window.filePath, options);
    if (!path) {
      const suggested = typeof name === 'string' && name ? basename(name).replace(/\.[^.]*$/, '') : 'model';
      const { canceled, filePath } = await dialog.showSaveDialog(window.window, {
        title: 'Save Model',
        defaultPath: join(window.filePath ? dirname(window.filePath) : context.documentsFolder, `${suggested}.${MODEL_EXTENSION}`),
        filters: [{ name: 'RNN Studio model', extensions: [MODEL_EXTENSION] }],
      });
      if (canceled || !filePath) return null;
      path = withExtension(filePath, MODEL_EXTENSION);
    }
    const saved = await context.files.save(path, model as Model);
    openable.grant(path);
    window.filePath = path;
    await context.recent.add(path);
    context.recentChanged();
    return saved;
  });

  handle(Channel.exportWeights, async (window, _event, model, format, baseName): Promise<SavedModel | null> => {
    if (!isExportFormat(format)) throw new FileServiceError(`There is no export format ${JSON.stringify(format)}.`);
    const exporter = exporterFor(format);
    const base = basename(text(baseName, 'The export name', 255));
    const { canceled, filePath } = await dialog.showSaveDialog(window.window, {
      title: 'Export Weights',
      defaultPath: join(window.filePath ? dirname(window.filePath) : context.documentsFolder, `${base}.${exporter.extension}`),
      filters: [{ name: exporter.label, extensions: [exporter.extension] }],
    });
    if (canceled || !filePath) return null;
    return context.files.export(withExtension(filePath, exporter.extension), model as Model, format, base);
  });

  handle(Channel.recentFiles, async () => {
    const { files, dropped } = await context.recent.list();
    if (dropped.length > 0) {
      context.log(`dropped from the recent files, no longer there: ${dropped.join(', ')}`);
      context.recentChanged();
    }
    return files;
  });

  handle(Channel.loadSettings, async () => context.settings.load());
  handle(Channel.saveSettings, async (_window, _event, settings) => context.settings.save(settings));
  handle(Channel.loadCheckpoint, async (window) => context.checkpoints.load(window.webContentsId));
  handle(Channel.saveCheckpoint, async (window, _event, model) => context.checkpoints.save(window.webContentsId, model));
  handle(Channel.clearCheckpoint, async (window) => context.checkpoints.clear(window.webContentsId));

  on(Channel.setDocumentState, (window, value) => window.setDocument(checkDocumentState(value)));
  on(Channel.saveReply, (window, value) => {
    const reply = value as Partial<SaveReplyMessage> | null;
    if (typeof reply?.id !== 'number' || typeof reply.saved !== 'boolean') throw new TypeError('a save reply is { id, saved }');
    window.saveReplied({ id: reply.id, saved: reply.saved });
  });
  return openable;
}
