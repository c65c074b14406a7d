/**
 * A stand-in for the `electron` module in the main process: a test double,
 * just enough of Electron 45's main-process API for the studio's built main
 * process to load and run under plain Node (tests/desktop/electron/hooks.mjs
 * resolves `electron` here). It is not a second Electron: it models what the
 * app uses, checks the rules Electron enforces on those calls (before or after
 * `ready`, one handler per channel, known menu roles and options), and throws
 * a StandInGap for anything else. Pages are loaded by the harness
 * (`world.pages`), which serves them through the app's own protocol handler
 * and runs the preload as a sandboxed renderer would.
 */

import { EventEmitter } from 'node:events';
import { StandInMessageChannelMain, type StandInMessagePortMain } from './ports';
import { StandInUtilityProcess, type ForkOptions } from './utility';
import { clone, electronEvent, gap, strict, world } from './world';

export { StandInGap } from './world';

/** What the harness does when a window loads a URL: serve the page and run its preload; resolves when the page has loaded. */
export interface PageHost {
  load(window: StandInBrowserWindow, url: string): Promise<void>;
  /** Delivers a main → page message to the page's ipcRenderer listeners. */
  deliver(window: StandInBrowserWindow, channel: string, args: unknown[], ports: StandInMessagePortMain[]): void;
}

const pages: { host: PageHost | null } = { host: null };

/** The harness installs how pages load. */
export function setPageHost(host: PageHost): void {
  pages.host = host;
}

/** An EventEmitter that takes listeners only for the events the stand-in emits: a listener for any other would never run. */
class ModelledEvents extends EventEmitter {
  constructor(
    private readonly emitterName: string,
    private readonly modelled: ReadonlySet<string>,
  ) {
    super();
  }

  override on(event: string, listener: (...args: never[]) => void): this {
    if (!this.modelled.has(event)) gap(`${this.emitterName}'s "${event}" event`);
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override once(event: string, listener: (...args: never[]) => void): this {
    if (!this.modelled.has(event)) gap(`${this.emitterName}'s "${event}" event`);
    return super.once(event, listener as (...args: unknown[]) => void);
  }
}

// ---------------------------------------------------------------- app

const APP_EVENTS = new Set(['ready', 'will-finish-launching', 'before-quit', 'will-quit', 'quit', 'window-all-closed', 'second-instance', 'open-file', 'activate', 'web-contents-created', 'browser-window-created', 'child-process-gone', 'render-process-gone']);

const PATH_NAMES = new Set(['home', 'appData', 'userData', 'sessionData', 'temp', 'exe', 'module', 'desktop', 'documents', 'downloads', 'music', 'pictures', 'videos', 'recent', 'logs', 'crashDumps']);

class StandInApp extends ModelledEvents {
  isPackaged = false;
  private name = 'Electron';
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private readonly paths = new Map<string, string>();
  private quitting = false;
  /** Set once 'quit' was emitted: the app has ended. */
  quitted = false;
  private readonly quitListeners: (() => void)[] = [];

  constructor() {
    super('app', APP_EVENTS);
  }

  setName(name: string): void {
    this.name = name;
  }

  getName(): string {
    return this.name;
  }

  getPath(name: string): string {
    if (!PATH_NAMES.has(name)) throw new Error(`Failed to get '${name}' path`);
    const path = this.paths.get(name);
    return path ?? gap(`app.getPath('${name}') without the harness setting it`);
  }

  setPath(name: string, path: string): void {
    if (!PATH_NAMES.has(name)) throw new Error(`Failed to set path: ${name}`);
    this.paths.set(name, path);
  }

  requestSingleInstanceLock(): boolean {
    return true;
  }

  isReady(): boolean {
    return this.ready;
  }

  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The harness starts the app: 'will-finish-launching', then 'ready'. */
  becomeReady(): void {
    this.emit('will-finish-launching');
    this.ready = true;
    this.emit('ready', electronEvent(), {});
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  /** As Electron: 'before-quit', then every window is asked to close; any that stays open cancels the quit; then 'will-quit' and 'quit'. */
  quit(): void {
    if (this.quitted || this.quitting) return;
    const beforeQuit = electronEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    for (const window of [...openWindows]) window.close();
    this.quitting = false;
    if (openWindows.length > 0) return;
    this.finishQuit();
  }

  /** Resolves once the app has quit. */
  quitPromise(): Promise<void> {
    return this.quitted ? Promise.resolve() : new Promise((resolve) => this.quitListeners.push(resolve));
  }

  get isQuitting(): boolean {
    return this.quitting;
  }

  finishQuit(): void {
    const willQuit = electronEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitted = true;
    this.emit('quit', electronEvent(), 0);
    for (const resolve of this.quitListeners.splice(0)) resolve();
  }

  requireReady(what: string): void {
    if (!this.ready) throw new Error(`${what} cannot be used before the app is ready`);
  }
}

export const app = strict('app', new StandInApp());

// ---------------------------------------------------------------- windows

const WINDOW_EVENTS = new Set(['close', 'closed', 'ready-to-show', 'show', 'hide', 'focus', 'blur', 'page-title-updated', 'unresponsive', 'responsive']);
const CONTENTS_EVENTS = new Set(['did-finish-load', 'dom-ready', 'did-start-loading', 'did-fail-load', 'will-navigate', 'will-redirect', 'will-attach-webview', 'preload-error', 'render-process-gone', 'destroyed', 'console-message']);

const WEB_PREFERENCES = new Set([
  'preload', 'contextIsolation', 'sandbox', 'nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webSecurity', 'allowRunningInsecureContent',
  'experimentalFeatures', 'webviewTag', 'navigateOnDragDrop', 'disableBlinkFeatures', 'safeDialogs', 'spellcheck', 'devTools', 'backgroundThrottling',
]);
const WINDOW_OPTIONS = new Set(['width', 'height', 'minWidth', 'minHeight', 'show', 'title', 'webPreferences', 'backgroundColor', 'icon', 'x', 'y']);

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };

let contentsIds = 0;
const openWindows: StandInBrowserWindow[] = [];
let focused: StandInBrowserWindow | null = null;

export class StandInWebContents extends ModelledEvents {
  readonly id = ++contentsIds;
  windowOpenHandler: WindowOpenHandler | null = null;
  url = '';
  loaded = false;
  private destroyed = false;

  constructor(readonly owner: StandInBrowserWindow | null) {
    super('webContents', CONTENTS_EVENTS);
    return strict('webContents', this);
  }


  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.alive('send');
    this.toPage(channel, args, []);
  }

  postMessage(channel: string, message: unknown, transfer: StandInMessagePortMain[] = []): void {
    this.alive('postMessage');
    this.toPage(channel, [message], transfer);
  }

  getURL(): string {
    return this.url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isLoading(): boolean {
    return !this.loaded;
  }

  /** The page asks to navigate (a link, a form, location.href, a reload): 'will-navigate', and whether the app let it. */
  pageNavigates(url: string): boolean {
    const event = electronEvent({ url, isSameDocument: false, isMainFrame: true, frame: null, initiator: null });
    this.emit('will-navigate', event, url, false, true);
    return !event.defaultPrevented;
  }

  /** The page calls window.open: what the app's handler answers (Electron allows it when there is no handler). */
  pageOpensWindow(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }).action ?? 'allow';
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }

  private toPage(channel: string, args: unknown[], ports: StandInMessagePortMain[]): void {
    const copied = clone(args);
    if (!this.loaded || !pages.host) {
      world.log.dropped.push(`${channel} to window ${this.id} before its page loaded`);
      return;
    }
    const host = pages.host;
    setImmediate(() => {
      if (!this.destroyed) host.deliver(this.owner!, channel, copied, ports);
    });
  }

  private alive(method: string): void {
    if (this.destroyed) throw new TypeError(`Object has been destroyed (webContents.${method})`);
  }
}

export class StandInBrowserWindow extends ModelledEvents {
  readonly webContents: StandInWebContents;
  readonly options: Electron.BrowserWindowConstructorOptions;
  private title: string;
  private visible = false;
  private minimized = false;
  private destroyed = false;
  documentEdited = false;

  static getFocusedWindow(): StandInBrowserWindow | null {
    return focused && !focused.destroyed ? focused : null;
  }

  static getAllWindows(): StandInBrowserWindow[] {
    return [...openWindows];
  }

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super('BrowserWindow', WINDOW_EVENTS);
    app.requireReady('BrowserWindow');
    for (const key of Object.keys(options)) if (!WINDOW_OPTIONS.has(key)) gap(`BrowserWindow's option "${key}"`);
    for (const key of Object.keys(options.webPreferences ?? {})) if (!WEB_PREFERENCES.has(key)) gap(`webPreferences.${key}`);
    this.options = options;
    this.title = options.title ?? 'Electron';
    this.visible = options.show !== false;
    const self = strict('BrowserWindow', this);
    this.webContents = new StandInWebContents(self);
    openWindows.push(self);
    world.log.windowsOpened.push(this.webContents.id);
    app.emit('web-contents-created', electronEvent(), this.webContents);
    app.emit('browser-window-created', electronEvent(), self);
    return self;
  }


  async loadURL(url: string): Promise<void> {
    this.alive('loadURL');
    if (!pages.host) gap('loading a page without the harness');
    const contents = this.webContents;
    contents.url = url;
    contents.loaded = false;
    contents.emit('did-start-loading');
    try {
      await pages.host.load(this, url);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      contents.emit('did-fail-load', electronEvent(), -6, message, url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}': ${message}`);
    }
    if (this.destroyed) return;
    contents.loaded = true;
    contents.emit('dom-ready', electronEvent());
    contents.emit('did-finish-load', electronEvent());
    if (!this.visible) this.emit('ready-to-show', electronEvent());
  }

  show(): void {
    this.alive('show');
    this.visible = true;
    focused = this;
    this.emit('show', electronEvent());
  }

  isVisible(): boolean {
    return this.visible;
  }

  focus(): void {
    this.alive('focus');
    focused = this;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  minimize(): void {
    this.minimized = true;
  }

  restore(): void {
    this.minimized = false;
  }

  setTitle(title: string): void {
    this.alive('setTitle');
    this.title = title;
  }

  getTitle(): string {
    return this.title;
  }

  setDocumentEdited(edited: boolean): void {
    if (process.platform !== 'darwin') gap('BrowserWindow.setDocumentEdited outside macOS');
    this.documentEdited = edited;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Asks to close: 'close' (which the app may prevent), then 'closed'. */
  close(): void {
    if (this.destroyed) return;
    const event = electronEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    openWindows.splice(openWindows.indexOf(this), 1);
    if (focused === this) focused = openWindows.at(-1) ?? null;
    world.log.windowsClosed.push(this.webContents.id);
    this.emit('closed');
    this.webContents.destroy();
    if (openWindows.length === 0 && !app.isQuitting && !app.quitted) {
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
      else app.quit();
    }
  }

  private alive(method: string): void {
    if (this.destroyed) throw new TypeError(`Object has been destroyed (BrowserWindow.${method})`);
  }
}

export const BrowserWindow = StandInBrowserWindow;

// ---------------------------------------------------------------- menus

const MENU_ITEM_KEYS = new Set(['click', 'role', 'type', 'label', 'sublabel', 'toolTip', 'accelerator', 'enabled', 'visible', 'checked', 'registerAccelerator', 'submenu', 'id']);
const MENU_TYPES = new Set(['normal', 'separator', 'submenu', 'checkbox', 'radio']);
const MENU_ROLES = new Set([
  'undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll', 'reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut',
  'toggleSpellChecker', 'togglefullscreen', 'window', 'minimize', 'close', 'help', 'about', 'services', 'hide', 'hideOthers', 'unhide', 'quit', 'startSpeaking',
  'stopSpeaking', 'zoom', 'front', 'appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'shareMenu', 'recentDocuments', 'toggleTabBar', 'selectNextTab',
  'selectPreviousTab', 'showAllTabs', 'mergeAllWindows', 'clearRecentDocuments', 'moveTabToNewWindow', 'windowMenu',
]);

export interface StandInMenuItem {
  label: string;
  role: string | undefined;
  enabled: boolean;
  submenu: StandInMenuItem[];
  /** Clicks the item as a person would, on the focused window. */
  click(): void;
}

function menuItems(template: Electron.MenuItemConstructorOptions[], path: string): StandInMenuItem[] {
  return template.map((options, i) => {
    const where = `${path} › ${options.label ?? options.role ?? options.type ?? i}`;
    for (const key of Object.keys(options)) if (!MENU_ITEM_KEYS.has(key)) gap(`the menu item option "${key}" (${where})`);
    if (options.type !== undefined && !MENU_TYPES.has(options.type)) throw new TypeError(`Invalid menu item type "${options.type}" (${where})`);
    if (options.role !== undefined && !MENU_ROLES.has(options.role)) throw new TypeError(`Invalid menu item role "${options.role}" (${where})`);
    if (options.type !== 'separator' && options.label === undefined && options.role === undefined) throw new TypeError(`A menu item needs a label or a role (${where})`);
    const submenu = Array.isArray(options.submenu) ? menuItems(options.submenu, where) : [];
    return {
      label: options.label ?? options.role ?? '',
      role: options.role,
      enabled: options.enabled !== false,
      submenu,
      click: () => {
        if (options.enabled === false) throw new Error(`${where} is disabled`);
        const window = StandInBrowserWindow.getFocusedWindow();
        if (options.click) return void options.click({} as Electron.MenuItem, window as unknown as Electron.BrowserWindow, {} as Electron.KeyboardEvent);
        if (options.role === 'quit') return app.quit();
        if (options.role === 'close') return window?.close();
        gap(`clicking the menu role "${options.role}"`);
      },
    };
  });
}

class StandInMenu {
  constructor(readonly items: StandInMenuItem[]) {
    return strict('Menu', this);
  }

  /** The item at a path of labels, e.g. ['File', 'New Window']. */
  find(...labels: string[]): StandInMenuItem {
    let items = this.items;
    let found: StandInMenuItem | undefined;
    for (const label of labels) {
      found = items.find((item) => item.label === label);
      if (!found) throw new Error(`no menu item "${labels.join(' › ')}"`);
      items = found.submenu;
    }
    return found!;
  }
}

let applicationMenu: StandInMenu | null = null;

export const Menu = strict('Menu', {
  buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => new StandInMenu(menuItems(template, 'menu')),
  setApplicationMenu: (menu: StandInMenu | null) => {
    app.requireReady('Menu.setApplicationMenu');
    applicationMenu = menu;
  },
  getApplicationMenu: () => applicationMenu,
});

// ---------------------------------------------------------------- protocol, session

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
export const registeredSchemes: Electron.CustomScheme[] = [];
const protocolHandlers = new Map<string, ProtocolHandler>();

export const protocol = strict('protocol', {
  registerSchemesAsPrivileged(schemes: Electron.CustomScheme[]) {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    registeredSchemes.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler) {
    app.requireReady('protocol.handle');
    if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    protocolHandlers.set(scheme, handler);
  },
  isProtocolHandled: (scheme: string) => protocolHandlers.has(scheme),
});

/** A request as the page's loader makes it, answered by the app's handler for its scheme. */
export async function fetchThroughProtocol(url: string): Promise<Response> {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = protocolHandlers.get(scheme);
  if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME: nothing handles ${scheme}:`);
  const response = await handler(new Request(url));
  world.log.served.push(`${new URL(url).pathname} ${response.status}`);
  return response;
}

export interface SessionHandlers {
  permissionRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null;
  permissionCheck: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null;
  devicePermission: ((details: unknown) => boolean) | null;
}

export const sessionHandlers: SessionHandlers = { permissionRequest: null, permissionCheck: null, devicePermission: null };

const defaultSession = strict('session.defaultSession', {
  setPermissionRequestHandler: (handler: SessionHandlers['permissionRequest']) => void (sessionHandlers.permissionRequest = handler),
  setPermissionCheckHandler: (handler: SessionHandlers['permissionCheck']) => void (sessionHandlers.permissionCheck = handler),
  setDevicePermissionHandler: (handler: SessionHandlers['devicePermission']) => void (sessionHandlers.devicePermission = handler),
});

export const session = strict('session', {
  get defaultSession() {
    app.requireReady('session.defaultSession');
    return defaultSession;
  },
});

// ---------------------------------------------------------------- IPC

export interface MainIpcEvent {
  sender: StandInWebContents;
  senderFrame: { url: string; parent: null; top: unknown; origin: string; processId: number; routingId: number } | null;
  processId: number;
  frameId: number;
  ports: unknown[];
}

type InvokeHandler = (event: MainIpcEvent, ...args: unknown[]) => unknown;
type Listener = (event: MainIpcEvent, ...args: unknown[]) => void;

export const ipcHandlers = new Map<string, InvokeHandler>();
export const ipcListeners = new Map<string, Set<Listener>>();

export const ipcMain = strict('ipcMain', {
  handle(channel: string, handler: InvokeHandler) {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
  removeHandler: (channel: string) => void ipcHandlers.delete(channel),
  on(channel: string, listener: Listener) {
    const set = ipcListeners.get(channel) ?? new Set();
    set.add(listener);
    ipcListeners.set(channel, set);
  },
  removeListener: (channel: string, listener: Listener) => void ipcListeners.get(channel)?.delete(listener),
});

// ---------------------------------------------------------------- dialogs

type DialogMethod = 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox';

/** What a person answers to the dialogs the app will show, in order, queued by the harness. */
export const dialogAnswers: { method: DialogMethod; answer: unknown; seen?: (options: Record<string, unknown>) => void }[] = [];

function answerDialog(method: DialogMethod, args: unknown[]): Promise<unknown> {
  const options = (args.length > 1 ? args[1] : args[0]) as Record<string, unknown>;
  const what = String(options.title ?? options.message ?? method);
  world.log.dialogs.push(`${method}: ${what}`);
  const next = dialogAnswers[0];
  if (!next || next.method !== method) {
    return Promise.reject(gap(`dialog.${method} ("${what}") with no answer queued${next ? ` (the next answer is for ${next.method})` : ''}`));
  }
  dialogAnswers.shift();
  next.seen?.(options);
  return Promise.resolve(next.answer);
}

export const dialog = strict('dialog', {
  showOpenDialog: (...args: unknown[]) => answerDialog('showOpenDialog', args),
  showSaveDialog: (...args: unknown[]) => answerDialog('showSaveDialog', args),
  showMessageBox: (...args: unknown[]) => answerDialog('showMessageBox', args),
});

// ---------------------------------------------------------------- utility processes and channels

export const utilityProcesses: StandInUtilityProcess[] = [];

export const utilityProcess = strict('utilityProcess', {
  fork(modulePath: string, args: string[] = [], options: ForkOptions = {}) {
    app.requireReady('utilityProcess.fork');
    const child = new StandInUtilityProcess(modulePath, args, options, (details) => app.emit('child-process-gone', electronEvent(), details));
    utilityProcesses.push(child);
    return child;
  },
});

export const MessageChannelMain = StandInMessageChannelMain;

export { world } from './world';
