/**
 * One studio window: secure web preferences, nothing but the app's own pages,
 * its own trainer, its title from the document state, and the Save / Don't
 * Save / Cancel question before it closes with unsaved trained work.
 */

import { BrowserWindow, dialog, type MessagePortMain } from 'electron';
import { Channel, type SaveReplyMessage } from '../common/ipc';
import type { Log } from './services/appLog';
import { windowTitle, type DocumentState } from './services/documentTitle';
import { navigationAllowed } from './services/navigation';
import { SaveReplies, type SaveOutcome } from './services/saveReplies';
import type { WindowTrainer } from './services/windowTrainer';
import { UNSAVED_BUTTONS, choiceOf, mayClose } from './services/unsavedChanges';
import { createWindowTrainer } from './trainerProcess';

export interface WindowPaths {
  preload: string;
  trainerEntry: string;
  /** The page to load: app://studio/index.html, or the dev server in development. */
  url: string;
  /** In development, the dev server's origin (its pages may reload one another). */
  devServerOrigin: string | null;
}

export class StudioWindow {
  readonly window: BrowserWindow;
  readonly trainer: WindowTrainer<MessagePortMain>;
  /** A sweep's pool: one utility process per slot, started on first use. */
  private readonly poolTrainers = new Map<number, WindowTrainer<MessagePortMain>>();
  private readonly trainerEntry: string;
  document: DocumentState = { name: null, dirty: false };
  /** The file this window last opened or saved through the main process; the only path Save writes without asking. */
  filePath: string | null = null;
  private closeAllowed = false;
  private loaded = false;
  private readonly unsent: [string, unknown][] = [];
  private asking = false;
  private readonly saveReplies = new SaveReplies();

  constructor(
    paths: WindowPaths,
    private readonly log: Log,
    private readonly hooks: { closed(window: StudioWindow): void; closeCancelled(): void; closeConfirmed(): void },
  ) {
    this.window = new BrowserWindow({
      width: 1440,
      height: 920,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: windowTitle(this.document),
      webPreferences: {
        // security-reviewed PRELOAD_JS_CHECK: the sandboxed preload exposes one typed StudioApi object through contextBridge, never ipcRenderer itself, and every channel it uses is sender-checked in the main process.
        preload: paths.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        // Middle-click would otherwise open links in new windows (denied anyway, but never asked for).
        disableBlinkFeatures: 'Auxclick',
        safeDialogs: true,
        spellcheck: false,
      },
    });
    const id = this.window.webContents.id;
    this.trainerEntry = paths.trainerEntry;
    this.trainer = createWindowTrainer({
      entry: paths.trainerEntry,
      windowId: id,
      log,
      onCrash: (message, connectionIds) => this.send(Channel.trainerGone, { message, connectionIds }),
    });
    this.guardContents(paths.devServerOrigin);
    this.window.once('ready-to-show', () => this.window.show());
    this.window.webContents.once('did-finish-load', () => {
      this.loaded = true;
      for (const [channel, value] of this.unsent.splice(0)) this.send(channel, value);
    });
    this.window.on('page-title-updated', (event) => event.preventDefault());
    this.window.on('close', (event) => this.onClose(event));
    this.window.on('closed', () => {
      this.trainer.dispose();
      for (const host of this.poolTrainers.values()) host.dispose();
      this.saveReplies.abandonAll();
      hooks.closed(this);
    });
    void this.window.loadURL(paths.url);
  }

  /** The trainer of a pool slot, forked on first use and killed with the window. */
  poolTrainer(slot: number): WindowTrainer<MessagePortMain> {
    let host = this.poolTrainers.get(slot);
    if (!host) {
      host = createWindowTrainer({
        entry: this.trainerEntry,
        windowId: this.window.webContents.id,
        poolSlot: slot,
        endWhenIdle: true,
        log: this.log,
        onCrash: (message, connectionIds) => this.send(Channel.trainerGone, { message, connectionIds }),
      });
      this.poolTrainers.set(slot, host);
    }
    return host;
  }

  get webContentsId(): number {
    return this.window.webContents.id;
  }

  setDocument(state: DocumentState): void {
    this.document = state;
    this.window.setTitle(windowTitle(state));
    if (process.platform === 'darwin') this.window.setDocumentEdited(state.dirty);
  }

  /** Sends to the page (once it has loaded) unless the window is already gone. */
  send(channel: string, value: unknown): void {
    if (this.window.isDestroyed() || this.window.webContents.isDestroyed()) return;
    if (this.loaded) this.window.webContents.send(channel, value);
    else this.unsent.push([channel, value]);
  }

  /** A reply to a save request this window sent. */
  saveReplied(reply: SaveReplyMessage): void {
    this.saveReplies.replied(reply.id, reply.saved === true);
  }

  private guardContents(devServerOrigin: string | null): void {
    const contents = this.window.webContents;
    contents.setWindowOpenHandler(({ url }) => {
      this.log(`refused to open a window for ${url}`);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      if (navigationAllowed(contents.getURL(), event.url, devServerOrigin)) return;
      event.preventDefault();
      this.log(`refused navigation to ${event.url}`);
    });
    contents.on('will-redirect', (event, url) => {
      event.preventDefault();
      this.log(`refused redirect to ${url}`);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('preload-error', (_event, path, error) => this.log(`window ${this.webContentsId}: the preload ${path} failed: ${error.message}`));
    contents.on('render-process-gone', (_event, details) => {
      this.log(`window ${this.webContentsId}: page process gone (${details.reason}, exit code ${details.exitCode})`);
      // Nothing can be saved from a page that is gone; do not hold its window open asking.
      this.closeAllowed = true;
    });
  }

  private onClose(event: Electron.Event): void {
    if (this.closeAllowed || !this.document.dirty) return;
    event.preventDefault();
    if (this.asking) return;
    this.asking = true;
    void mayClose(() => this.ask(), () => this.requestSave())
      .then((close) => {
        this.asking = false;
        if (!close) return this.hooks.closeCancelled();
        this.closeAllowed = true;
        this.window.close();
        this.hooks.closeConfirmed();
      })
      .catch((error: unknown) => {
        this.asking = false;
        this.log(`closing window ${this.webContentsId} failed: ${String(error)}`);
        this.hooks.closeCancelled();
      });
  }

  private async ask() {
    const { response } = await dialog.showMessageBox(this.window, {
      type: 'warning',
      buttons: UNSAVED_BUTTONS.map((b) => b.label),
      defaultId: 0,
      cancelId: UNSAVED_BUTTONS.findIndex((b) => b.choice === 'cancel'),
      noLink: true,
      message: `Save the trained model${this.document.name ? ` "${this.document.name}"` : ''} before closing?`,
      detail: "The training since the last save is lost if you don't save it.",
    });
    return choiceOf(response);
  }

  /** Asks the page to save through its usual Save: true once it has, 'no-answer' when it did not reply in time. */
  private async requestSave(): Promise<SaveOutcome> {
    const outcome = await this.saveReplies.request((id) => this.send(Channel.saveRequest, { id }));
    if (outcome === 'no-answer') this.log(`window ${this.webContentsId}: the page did not answer the save request; asking again`);
    return outcome;
  }
}
