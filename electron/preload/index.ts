/**
 * The studio's host in Electron: one object, `window.studio`, implementing
 * StudioApi over named IPC channels. No raw ipcRenderer reaches the page.
 * The trainer's MessagePort stays in this isolated world: it arrives from the
 * main process tagged with the nonce this side asked with (any other port is
 * closed unused), and messages cross to the page through the context bridge.
 */

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { HostError, type DroppedFile, type MenuCommand, type OpenedModel, type SavedModel, type StudioApi, type TrainerConnection } from '../../shared/api/studioApi';
import { MAX_MODEL_FILE_BYTES } from '../../shared/model-file/model';
import type { FromTrainer, ToTrainer } from '../../shared/trainer/contract';
import { Channel, type HostResult, type SaveRequestMessage, type TrainerGoneMessage, type TrainerPortMessage } from '../common/ipc';

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  const result = (await ipcRenderer.invoke(channel, ...args)) as HostResult<T>;
  if (!result.ok) throw new HostError(result.message);
  return result.value;
}

/** Subscribes to a main → renderer channel; returns the unsubscribe function. */
function listen<T>(channel: string, handler: (value: T, event: IpcRendererEvent) => void): () => void {
  const listener = (event: IpcRendererEvent, value: T) => handler(value, event);
  ipcRenderer.on(channel, listener);
  return () => ipcRenderer.removeListener(channel, listener);
}

const pendingPorts = new Map<string, (port: MessagePort) => void>();
const connections = new Map<string, (message: FromTrainer) => void>();

listen<TrainerPortMessage>(Channel.trainerPort, (message, event) => {
  const port = event.ports[0];
  const resolve = typeof message?.nonce === 'string' ? pendingPorts.get(message.nonce) : undefined;
  if (!port) return;
  if (!resolve) {
    port.close();
    return;
  }
  pendingPorts.delete(message.nonce);
  resolve(port);
});

listen<TrainerGoneMessage>(Channel.trainerGone, ({ message, connectionIds }) => {
  for (const id of connectionIds) connections.get(id)?.({ type: 'error', code: 'crashed', message });
});

async function connectTrainer(): Promise<TrainerConnection> {
  return connectOver(Channel.connectTrainer);
}

async function connectOver(channel: string, ...args: unknown[]): Promise<TrainerConnection> {
  const nonce = crypto.randomUUID();
  const port = new Promise<MessagePort>((resolve) => pendingPorts.set(nonce, resolve));
  try {
    await call<void>(channel, nonce, ...args);
  } catch (error) {
    pendingPorts.delete(nonce);
    throw error;
  }
  return connectionOver(nonce, await port);
}

function connectionOver(id: string, port: MessagePort): TrainerConnection {
  const handlers = new Set<(message: FromTrainer) => void>();
  const deliver = (message: FromTrainer) => handlers.forEach((handler) => handler(message));
  connections.set(id, deliver);
  port.onmessage = (event: MessageEvent<FromTrainer>) => deliver(event.data);
  port.start();
  let closed = false;
  return {
    post(message: ToTrainer) {
      if (!closed) port.postMessage(message);
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      closed = true;
      connections.delete(id);
      handlers.clear();
      port.close();
    },
  };
}

/**
 * A dropped file arrives as its text, read here, and is checked in the main
 * process. Not by its path: the main process sees no drop, so it could not
 * tell a dropped file's path from any other path a page might name.
 */
async function openDropped(file: DroppedFile): Promise<OpenedModel> {
  if (file.size > MAX_MODEL_FILE_BYTES) {
    throw new HostError(`"${file.name}" cannot be opened: it is ${(file.size / 1024 / 1024).toFixed(1)} MB; a model file can be at most ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MB. The open model is unchanged.`);
  }
  return call<OpenedModel>(Channel.openDroppedText, file.name, await file.text());
}

/** Files the main process asked to open before the page listened; handed over when it does. */
const queuedOpens: string[] = [];
let openHandler: ((path: string) => void) | null = null;
listen<string>(Channel.openFile, (path) => {
  if (typeof path !== 'string') return;
  if (openHandler) openHandler(path);
  else queuedOpens.push(path);
});

let saveHandler: (() => Promise<boolean>) | null = null;
listen<SaveRequestMessage>(Channel.saveRequest, ({ id }) => {
  const reply = (saved: boolean) => ipcRenderer.send(Channel.saveReply, { id, saved });
  if (!saveHandler) return reply(false);
  saveHandler().then(reply, () => reply(false));
});

const studio: StudioApi = {
  host: 'electron',
  connectTrainer,
  connectPoolTrainer: (slot) => connectOver(Channel.connectPoolTrainer, slot),
  listRuns: () => call<string[]>(Channel.listRuns),
  saveRun: (text) => call<void>(Channel.saveRun, text),
  deleteRun: (id) => call<void>(Channel.deleteRun, id),
  openModel: () => call<OpenedModel | null>(Channel.openModel),
  openPath: (path) => call<OpenedModel>(Channel.openPath, path),
  openDropped,
  saveModel: (model, options) => call<SavedModel | null>(Channel.saveModel, model, options),
  exportWeights: (model, format, baseName) => call<SavedModel | null>(Channel.exportWeights, model, format, baseName),
  recentFiles: () => call(Channel.recentFiles),
  onMenuCommand: (handler) => listen<MenuCommand>(Channel.menuCommand, (command) => handler(command)),
  onSaveRequest(handler) {
    saveHandler = handler;
    return () => {
      if (saveHandler === handler) saveHandler = null;
    };
  },
  onOpenFile(handler) {
    openHandler = handler;
    for (const path of queuedOpens.splice(0)) handler(path);
    return () => {
      if (openHandler === handler) openHandler = null;
    };
  },
  setDocumentState: (state) => ipcRenderer.send(Channel.setDocumentState, { name: state.name, dirty: state.dirty }),
  loadSettings: () => call(Channel.loadSettings),
  saveSettings: (settings) => call(Channel.saveSettings, settings),
  checkpoints: {
    load: () => call(Channel.loadCheckpoint),
    save: (model) => call(Channel.saveCheckpoint, model),
    clear: () => call(Channel.clearCheckpoint),
  },
};

contextBridge.exposeInMainWorld('studio', studio);
