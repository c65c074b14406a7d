/**
 * A window's page as the sandbox gives it to the preload: the built preload
 * runs in a `vm` context of its own (the isolated world) with Electron's
 * sandboxed-preload globals, and a `require` that offers only what a
 * sandboxed preload may require (`electron`'s renderer modules, `events`,
 * `timers`, `url`). `ipcRenderer` reaches the main process's ipcMain handlers
 * and listeners with the window's webContents as sender and an app:// top
 * frame; `contextBridge.exposeInMainWorld` puts the API on the page's main
 * world, whose functions and promises are proxied across the bridge and whose
 * other values are copied, as Electron does.
 */

import { EventEmitter } from 'node:events';
import * as timers from 'node:timers';
import * as url from 'node:url';
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runInContext, createContext } from 'node:vm';
import { ipcHandlers, ipcListeners, type MainIpcEvent, type StandInBrowserWindow } from './main';
import { StandInDomMessagePort, type StandInMessagePortMain } from './ports';
import { clone, gap, strict, world } from './world';

/** What a sandboxed preload may require (Electron's sandbox documentation). */
export const SANDBOX_MODULES = ['electron', 'events', 'timers', 'url'] as const;
const RENDERER_MODULES = ['contextBridge', 'ipcRenderer', 'webUtils', 'webFrame', 'crashReporter', 'nativeImage'];

export interface Page {
  /** The page's main world: what contextBridge exposed. */
  readonly mainWorld: Record<string, unknown>;
  /** Modules the preload required, in order. */
  readonly required: string[];
  deliver(channel: string, args: unknown[], ports: StandInMessagePortMain[]): void;
}

/** Copies a value across the context bridge: functions and promises are proxied, everything else is cloned. */
function bridged(value: unknown, depth = 0): unknown {
  if (depth > 1000) throw new Error('contextBridge: object too deep');
  if (typeof value === 'function') return (...args: unknown[]) => bridged((value as (...a: unknown[]) => unknown)(...args.map((arg) => bridged(arg, depth + 1))), depth + 1);
  if (value instanceof Promise || (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function')) {
    return Promise.resolve(value).then((resolved) => bridged(resolved, depth + 1), (error: unknown) => Promise.reject(bridgedError(error)));
  }
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp) return clone(value);
  if (value instanceof Error) return bridgedError(value);
  if (Array.isArray(value)) return value.map((item) => bridged(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = bridged(item, depth + 1);
  return copy;
}

/** Errors cross the bridge as a new Error with the same name and message. */
function bridgedError(error: unknown): Error {
  if (!(error instanceof Error) && !(error !== null && typeof error === 'object' && 'message' in error)) return new Error(String(error));
  const copy = new Error(String((error as Error).message));
  copy.name = String((error as Error).name);
  return copy;
}

export function runPreload(window: StandInBrowserWindow, preloadPath: string, pageUrl: string): Page {
  const contents = window.webContents;
  const listeners = new EventEmitter();
  const mainWorld: Record<string, unknown> = {};
  const required: string[] = [];
  const frame = strict('WebFrameMain', { url: pageUrl, parent: null, top: null as unknown, origin: new URL(pageUrl).origin, processId: 1, routingId: contents.id });
  const event = (): MainIpcEvent => ({ sender: contents, senderFrame: frame, processId: 1, frameId: contents.id, ports: [] });

  const ipcRenderer = strict('ipcRenderer', {
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      world.log.channels.push(channel);
      const handler = ipcHandlers.get(channel);
      if (!handler) return Promise.reject(new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`));
      const copied = clone(args);
      return new Promise((resolve, reject) =>
        setImmediate(() => {
          Promise.resolve()
            .then(() => handler(event(), ...copied))
            .then(
              (result) => resolve(clone(result)),
              (error: unknown) => reject(new Error(`Error invoking remote method '${channel}': ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)),
            );
        }),
      );
    },
    send(channel: string, ...args: unknown[]): void {
      world.log.channels.push(channel);
      const copied = clone(args);
      setImmediate(() => ipcListeners.get(channel)?.forEach((listener) => listener(event(), ...copied)));
    },
    on(channel: string, listener: (...args: unknown[]) => void) {
      listeners.on(channel, listener);
      return ipcRenderer;
    },
    once(channel: string, listener: (...args: unknown[]) => void) {
      listeners.once(channel, listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      listeners.removeListener(channel, listener);
      return ipcRenderer;
    },
    removeAllListeners(channel: string) {
      listeners.removeAllListeners(channel);
      return ipcRenderer;
    },
  });

  const contextBridge = strict('contextBridge', {
    exposeInMainWorld(key: string, api: unknown) {
      if (key in mainWorld) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
      mainWorld[key] = Object.freeze(bridged(api));
    },
  });

  const webUtils = strict('webUtils', {
    getPathForFile: () => gap('webUtils.getPathForFile (the page has no File objects here)'),
  });

  const electron = new Proxy({ contextBridge, ipcRenderer, webUtils } as Record<string, unknown>, {
    get(target, name) {
      if (typeof name === 'symbol') return undefined;
      if (name in target) return target[name];
      if (RENDERER_MODULES.includes(name)) return gap(`electron.${name} in the preload`);
      return undefined;
    },
  });

  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    switch (id) {
      case 'electron':
        return electron;
      case 'events':
        return { EventEmitter, default: EventEmitter };
      case 'timers':
        return timers;
      case 'url':
        return url;
      default:
        throw new Error(`module not found: ${id}`);
    }
  };

  const sandboxProcess = strict('process (sandboxed preload)', {
    platform: process.platform,
    arch: process.arch,
    type: 'renderer',
    sandboxed: true,
    contextIsolated: true,
    versions: { ...process.versions },
    env: {},
    argv: [] as string[],
    execPath: '',
    pid: process.pid,
    on: () => sandboxProcess,
    once: () => sandboxProcess,
  });

  const context = createContext({
    console,
    crypto: webcrypto,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    structuredClone,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    AbortController,
    Blob,
    atob,
    btoa,
  });
  const source = readFileSync(preloadPath, 'utf8');
  const wrapper = runInContext(`(function (exports, require, module, __filename, __dirname, process, Buffer, global, setImmediate, clearImmediate) {${source}\n})`, context, { filename: preloadPath });
  const module = { exports: {} };
  (wrapper as (...args: unknown[]) => void)(module.exports, sandboxRequire, module, preloadPath, '.', sandboxProcess, Buffer, runInContext('globalThis', context), setImmediate, clearImmediate);

  return {
    mainWorld,
    required,
    deliver(channel, args, ports) {
      const domPorts = ports.map((port) => new StandInDomMessagePort(port));
      listeners.emit(channel, { sender: ipcRenderer, ports: domPorts, senderId: 0 }, ...args);
    },
  };
}
