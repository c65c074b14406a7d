/**
 * RNN Studio's main process: serves the built pages from app://studio, opens
 * one window per model (each with its own trainer process), owns files,
 * recent files, settings and the application menu, and opens model files
 * given on the command line or by the OS (a second launch passes its files
 * to the running studio).
 *
 * RNN_STUDIO_USER_DATA, when set, is the user-data folder (settings, recent
 * files, logs), so tests can start from an empty one.
 */

import { app, BrowserWindow, Menu, protocol, session } from 'electron';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MenuCommand } from '../../shared/api/studioApi';
import { Channel } from '../common/ipc';
import { registerIpcHandlers } from './ipcHandlers';
import { launchFiles, onLaunch } from './launchedFiles';
import { createAppLog } from './services/appLog';
import { menuTemplate } from './services/menuTemplate';
import { ModelFiles } from './services/modelFiles';
import { RecentFiles } from './services/recentFiles';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, rendererResponse } from './services/rendererFiles';
import { RunLibrary } from './services/runLibrary';
import { SettingsStore } from './services/settingsStore';
import { StartupOpens, type OpenRequest } from './services/startupOpens';
import { CheckpointFiles } from './services/checkpointFile';
import { StudioWindow } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = join(here, '../renderer');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

app.setName('RNN Studio');
if (process.env.RNN_STUDIO_USER_DATA) app.setPath('userData', resolve(process.env.RNN_STUDIO_USER_DATA));

// Standard and secure give app://studio a real origin for 'self'; the built page loads its module scripts and workers in CORS mode.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } }]);

const log = createAppLog(join(app.getPath('userData'), 'logs', 'main.log'));
const files = new ModelFiles();
const recent = new RecentFiles(join(app.getPath('userData'), 'recent-files.json'), { onStoreError: log });
const settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'), log);
const checkpoints = new CheckpointFiles(join(app.getPath('userData'), 'checkpoints'), files, log, join(app.getPath('userData'), 'checkpoint.rnnmodel'));
const runs = new RunLibrary(join(app.getPath('userData'), 'runs'), undefined, (file, problem) => log(`skipped the run file ${file}: ${problem}`));
const windows = new Map<number, StudioWindow>();
let quitting = false;

/** Opens from the command line, the OS and later launches; they wait until the first window exists. */
const opens = new StartupOpens([...launchFiles], (request) => handleOpen(request));
onLaunch((request) => opens.request(request));

/**
 * One studio per user-data folder: a second launch (a model opened from the file manager on
 * Windows and Linux, or `rnn-studio model.rnnmodel` in a terminal) hands its files to this
 * instance, which opens each in a window, and quits.
 */
const primaryInstance = app.requestSingleInstanceLock();
if (!primaryInstance) app.quit();

function focusedStudioWindow(): StudioWindow | undefined {
  const focused = BrowserWindow.getFocusedWindow();
  return (focused && windows.get(focused.webContents.id)) ?? [...windows.values()].at(-1);
}

function openWindow(): StudioWindow {
  const window = new StudioWindow({ preload: join(here, '../preload/index.cjs'), trainerEntry: join(here, 'trainer.js'), url: devServerUrl ?? APP_ENTRY_URL, devServerOrigin: devServerUrl ? new URL(devServerUrl).origin : null }, log, {
    closed: (closed) => {
      windows.delete(closed.webContentsId);
      checkpoints.release(closed.webContentsId);
    },
    closeCancelled: () => {
      quitting = false;
    },
    // Closing one window was part of quitting; go on to the next.
    closeConfirmed: () => {
      if (quitting) app.quit();
    },
  });
  windows.set(window.webContentsId, window);
  return window;
}

/**
 * A file opens in a window that has no file yet, else in a new window (the page confirms before
 * replacing unsaved work); a request for a window brings one to the front, opening one if none is left.
 */
function handleOpen(request: OpenRequest): void {
  if (request.kind === 'file') {
    const target = [...windows.values()].find((w) => w.filePath === null && !w.document.dirty) ?? openWindow();
    target.send(Channel.openFile, request.path);
    target.window.focus();
    return;
  }
  const { window } = focusedStudioWindow() ?? openWindow();
  if (window.isMinimized()) window.restore();
  window.focus();
}

function sendCommand(command: MenuCommand): void {
  if (command === 'new-window') return void openWindow();
  focusedStudioWindow()?.send(Channel.menuCommand, command);
}

function rebuildMenu(): void {
  const template = menuTemplate(
    { platform: process.platform, development: !app.isPackaged && devServerUrl !== undefined, recent: recent.current().map((path) => ({ path, name: path.split(/[\\/]/).at(-1) ?? path })) },
    {
      command: sendCommand,
      newWindow: () => openWindow(),
      openRecent: (path) => {
        const window = focusedStudioWindow() ?? openWindow();
        window.send(Channel.openFile, path);
      },
      clearRecent: () => void recent.clear().then(rebuildMenu, (error: unknown) => log(`clearing recent files failed: ${String(error)}`)),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function secureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`refused a permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

app.on('web-contents-created', (_event, contents) => {
  // Belt and braces for any webContents besides the studio's windows (none are expected).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('before-quit', () => {
  quitting = true;
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (windows.size === 0) opens.request({ kind: 'window' });
});

app.on('will-quit', () => log.close());

void app.whenReady().then(async () => {
  if (!primaryInstance) return;
  protocol.handle(APP_SCHEME, async (request) => {
    const response = await rendererResponse(rendererRoot, request.url);
    return new Response(response.body, { status: response.status, headers: response.headers });
  });
  secureSession();
  registerIpcHandlers({
    windowOf: (id) => windows.get(id),
    origins: [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])],
    files,
    recent,
    settings,
    checkpoints,
    runs,
    documentsFolder: app.getPath('documents'),
    log,
    recentChanged: rebuildMenu,
  });
  rebuildMenu();
  const first = openWindow();
  // The menu's recent files come when they have been read: a slow or broken store never holds the first window back.
  void recent.list().then(rebuildMenu, (error: unknown) => log(`recent files could not be read: ${String(error)}`));
  opens.firstWindowOpened().forEach((path, i) => (i === 0 ? first : openWindow()).send(Channel.openFile, path));
  log(`RNN Studio started (Electron ${process.versions.electron}, user data in ${app.getPath('userData')})`);
});
