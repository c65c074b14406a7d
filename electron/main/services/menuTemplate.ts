/**
 * The application menu as a template: File, Edit, View, Training, Help (and
 * the app menu on macOS). Commands the studio carries out reach the focused
 * window as MenuCommands; the rest are Electron roles.
 */

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile } from '@shared/api/studioApi';
import { APP_NAME } from './documentTitle';

export interface MenuContext {
  platform: NodeJS.Platform;
  /** Reload and developer tools are offered in development only. */
  development: boolean;
  recent: readonly RecentFile[];
}

export interface MenuActions {
  /** Sends a command to the focused studio window. */
  command(command: MenuCommand): void;
  newWindow(): void;
  openRecent(path: string): void;
  clearRecent(): void;
}

export function menuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const send = (command: MenuCommand) => () => actions.command(command);

  const recentItems: MenuItemConstructorOptions[] =
    context.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : context.recent.map((file) => ({ label: file.name, sublabel: file.path, toolTip: file.path, click: () => actions.openRecent(file.path) }));

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => actions.newWindow() },
      { type: 'separator' },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send('open') },
      {
        label: 'Open Recent',
        submenu: [...recentItems, { type: 'separator' }, { label: 'Clear Recently Opened', enabled: context.recent.length > 0, click: () => actions.clearRecent() }],
      },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send('save-as') },
      { label: 'Export Weights…', accelerator: 'CmdOrCtrl+E', click: send('export-weights') },
      { type: 'separator' },
      { role: 'close', label: 'Close Window' },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(context.development ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const training: MenuItemConstructorOptions = {
    label: 'Training',
    submenu: [
      // The page handles Ctrl+Enter itself (in every host); registering it here too would toggle twice.
      { label: 'Start / Pause', accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false, click: send('train-toggle') },
      { label: 'Step', accelerator: 'F10', click: send('step') },
      { label: 'Stop', accelerator: 'Shift+F5', click: send('stop') },
      { type: 'separator' },
      { label: 'Reset', click: send('reset') },
    ],
  };

  const help: MenuItemConstructorOptions = { role: 'help', submenu: [{ label: `About ${APP_NAME}`, click: send('about') }] };

  const appMenu: MenuItemConstructorOptions = {
    label: APP_NAME,
    submenu: [
      { label: `About ${APP_NAME}`, click: send('about') },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, training, help];
}
