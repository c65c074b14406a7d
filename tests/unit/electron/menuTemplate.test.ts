import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '@shared/api/studioApi';
import { menuTemplate, type MenuActions } from '../../../electron/main/services/menuTemplate';

function build(platform: NodeJS.Platform, development = false, recent = [{ path: '/m/a.rnnmodel', name: 'a.rnnmodel' }]) {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (c: MenuCommand) => calls.push(`command:${c}`),
    newWindow: () => calls.push('new-window'),
    openRecent: (p) => calls.push(`recent:${p}`),
    clearRecent: () => calls.push('clear'),
  };
  return { template: menuTemplate({ platform, development, recent }, actions), calls };
}

function items(menu: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (menu?.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
}

function find(template: MenuItemConstructorOptions[], top: string, label: string): MenuItemConstructorOptions {
  const item = items(template.find((m) => m.label === top || m.role === top)).find((i) => i.label === label);
  if (!item) throw new Error(`no ${top} › ${label}`);
  return item;
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('the application menu', () => {
  it('has File, Edit, View, Training and Help (and the app menu first on macOS)', () => {
    expect(build('linux').template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'Training', 'help']);
    expect(build('darwin').template.map((m) => m.label ?? m.role)).toEqual(['RNN Studio', 'File', 'Edit', 'View', 'Training', 'help']);
  });

  it('gives the file commands their usual shortcuts and sends them to the studio', () => {
    const { template, calls } = build('win32');
    const expected: [string, string | undefined, string][] = [
      ['New Window', 'CmdOrCtrl+N', 'new-window'],
      ['Open…', 'CmdOrCtrl+O', 'command:open'],
      ['Save', 'CmdOrCtrl+S', 'command:save'],
      ['Save As…', 'CmdOrCtrl+Shift+S', 'command:save-as'],
      ['Export Weights…', 'CmdOrCtrl+E', 'command:export-weights'],
    ];
    for (const [label, accelerator, call] of expected) {
      const item = find(template, 'File', label);
      expect(item.accelerator).toBe(accelerator);
      click(item);
      expect(calls.at(-1)).toBe(call);
    }
    expect(items(template[0]).filter((i) => i.role).map((i) => i.role)).toEqual(['close', 'quit']);
    expect(items(build('darwin').template[1]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('lists recent files, opens one, and clears them', () => {
    const { template, calls } = build('linux');
    const recent = items(find(template, 'File', 'Open Recent'));
    expect(recent[0]).toMatchObject({ label: 'a.rnnmodel', sublabel: '/m/a.rnnmodel' });
    click(recent[0]!);
    click(recent.at(-1)!);
    expect(calls).toEqual(['recent:/m/a.rnnmodel', 'clear']);
    const empty = items(find(build('linux', false, []).template, 'File', 'Open Recent'));
    expect(empty[0]).toMatchObject({ label: 'No Recent Files', enabled: false });
    expect(empty.at(-1)).toMatchObject({ enabled: false });
  });

  it('drives training, with Ctrl+Enter shown but left to the page', () => {
    const { template, calls } = build('linux');
    const toggle = find(template, 'Training', 'Start / Pause');
    expect(toggle).toMatchObject({ accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false });
    for (const label of ['Start / Pause', 'Step', 'Stop', 'Reset']) click(find(template, 'Training', label));
    expect(calls).toEqual(['command:train-toggle', 'command:step', 'command:stop', 'command:reset']);
    click(find(template, 'help', 'About RNN Studio'));
    expect(calls.at(-1)).toBe('command:about');
  });

  it('offers reload and developer tools in development only', () => {
    const roles = (development: boolean) => items(build('linux', development).template.find((m) => m.label === 'View')).map((i) => i.role ?? i.type);
    expect(roles(false)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    expect(roles(true)).toEqual(['reload', 'toggleDevTools', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
  });
});
