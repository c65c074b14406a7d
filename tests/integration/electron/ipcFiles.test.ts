/**
 * The file handlers of the main process on real files, with Electron's IPC
 * and dialogs replaced by recorders (this runs under Node): what a page may
 * open by path, and where it may save without a dialog.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Channel, type HostResult } from '../../../electron/common/ipc';
import { ModelFiles } from '../../../electron/main/services/modelFiles';
import { RecentFiles } from '../../../electron/main/services/recentFiles';
import { serializeModel } from '@shared/model-file/modelFile';
import { sampleModel } from '../../unit/model-file/sampleModel';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  openDialog: { canceled: true, filePaths: [] as string[] },
  saveDialog: { canceled: true, filePath: undefined as string | undefined },
  dialogsShown: 0,
  appListeners: new Map<string, ((...args: unknown[]) => void)[]>(),
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => electron.handlers.set(channel, handler),
    on: () => {},
  },
  dialog: {
    showOpenDialog: async () => (electron.dialogsShown++, electron.openDialog),
    showSaveDialog: async () => (electron.dialogsShown++, electron.saveDialog),
  },
  app: {
    on: (name: string, listener: (...args: unknown[]) => void) => electron.appListeners.set(name, [...(electron.appListeners.get(name) ?? []), listener]),
  },
}));

const { registerIpcHandlers } = await import('../../../electron/main/ipcHandlers');

let folder: string;
let early: string;
let recent: RecentFiles;
const window = { filePath: null as string | null, window: {} };
const event = { sender: { id: 1 }, senderFrame: { url: 'app://studio/index.html', parent: null } };

async function invoke<T>(channel: string, ...args: unknown[]): Promise<HostResult<T>> {
  const handler = electron.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return (await handler(event, ...args)) as HostResult<T>;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rnn-studio-ipc-'));
  early = await modelFile('early.rnnmodel');
  for (const listener of electron.appListeners.get('open-file') ?? []) listener({ preventDefault() {} }, early);
  recent = new RecentFiles(join(folder, 'recent.json'));
  await recent.list();
  registerIpcHandlers({
    windowOf: (id) => (id === 1 ? (window as never) : undefined),
    origins: ['app://studio'],
    files: new ModelFiles(),
    recent,
    settings: {} as never,
    checkpoints: {} as never,
    runs: {} as never,
    documentsFolder: folder,
    log: () => {},
    recentChanged: () => {},
  });
});
afterAll(() => rm(folder, { recursive: true, force: true }));
beforeEach(() => {
  window.filePath = null;
  electron.dialogsShown = 0;
});

async function modelFile(name: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, serializeModel(sampleModel()));
  return path;
}

describe('opening by path', () => {
  it('refuses a path the main process never offered, without quoting or even reading it', async () => {
    const secret = join(folder, 'secret.txt');
    await writeFile(secret, 'root:x:0:0:hunter2\n');
    const unoffered = await modelFile('unoffered.rnnmodel');
    for (const path of [secret, unoffered, '/etc/passwd', '/dev/zero']) {
      const result = await invoke(Channel.openPath, path);
      expect(result).toEqual({ ok: false, message: `"${path.split('/').at(-1)}" cannot be opened from here: the studio did not offer it. Open it with Open… instead.` });
    }
    expect(recent.current()).toEqual([]);
    expect(window.filePath).toBeNull();
  });

  it('has no channel that opens a dropped file by a path the page names', () => {
    expect(electron.handlers.has('studio:open-dropped-path')).toBe(false);
    expect(electron.handlers.has(Channel.openDroppedText)).toBe(true);
  });

  it('opens a file chosen in the Open dialog, and by path afterwards as a recent file', async () => {
    const chosen = await modelFile('chosen.rnnmodel');
    electron.openDialog = { canceled: false, filePaths: [chosen] };
    expect(await invoke(Channel.openModel)).toMatchObject({ ok: true, value: { path: chosen } });
    expect(window.filePath).toBe(chosen);
    expect(await invoke(Channel.openPath, chosen)).toMatchObject({ ok: true, value: { path: chosen } });
  });

  it('opens a file the OS named before the handlers were registered (macOS open-file before ready)', async () => {
    expect(await invoke(Channel.openPath, early)).toMatchObject({ ok: true, value: { path: early } });
  });

  it('opens a file named by a second launch or by the OS', async () => {
    const launched = await modelFile('launched.rnnmodel');
    const fromOs = await modelFile('from-os.rnnmodel');
    expect((await invoke(Channel.openPath, launched)).ok).toBe(false);
    for (const listener of electron.appListeners.get('second-instance') ?? []) listener({}, ['rnn-studio', '--flag', 'launched.rnnmodel'], folder);
    for (const listener of electron.appListeners.get('open-file') ?? []) listener({ preventDefault() {} }, fromOs);
    expect(await invoke(Channel.openPath, launched)).toMatchObject({ ok: true, value: { path: launched } });
    expect(await invoke(Channel.openPath, fromOs)).toMatchObject({ ok: true, value: { path: fromOs } });
  });

  it('passes every launch on to be opened, those before the opener first; a launch naming no file asks for a window', async () => {
    const { onLaunch } = await import('../../../electron/main/launchedFiles');
    const requests: unknown[] = [];
    onLaunch((request) => requests.push(request));
    // The launches of the tests above came before any opener.
    expect(requests).toContainEqual({ kind: 'file', path: early });
    expect(requests).toContainEqual({ kind: 'file', path: join(folder, 'launched.rnnmodel') });
    requests.length = 0;
    let prevented = false;
    for (const listener of electron.appListeners.get('second-instance') ?? []) listener({}, ['rnn-studio', '--flag'], folder);
    for (const listener of electron.appListeners.get('open-file') ?? []) listener({ preventDefault: () => (prevented = true) }, join(folder, 'later.rnnmodel'));
    expect(requests).toEqual([{ kind: 'window' }, { kind: 'file', path: join(folder, 'later.rnnmodel') }]);
    expect(prevented).toBe(true);
  });

  it('sends no file content in a refusal of an offered file', async () => {
    const notModel = join(folder, 'notes.json');
    await writeFile(notModel, 'password=hunter2\n\x1b[2J');
    electron.openDialog = { canceled: false, filePaths: [notModel] };
    const result = await invoke(Channel.openModel);
    expect(result).toEqual({ ok: false, message: '"notes.json" cannot be opened: not a model file: the text is not valid JSON (unexpected \'p\' at line 1, column 1). The open model is unchanged.' });
  });
});

describe('saving without a dialog', () => {
  it("writes silently only to the window's own file; any other path the page names goes through the dialog", async () => {
    const own = await modelFile('own.rnnmodel');
    const elsewhere = join(folder, 'elsewhere.rnnmodel');
    await writeFile(elsewhere, 'keep');
    electron.openDialog = { canceled: false, filePaths: [own] };
    await invoke(Channel.openModel);
    electron.dialogsShown = 0;

    electron.saveDialog = { canceled: true, filePath: undefined };
    expect(await invoke(Channel.saveModel, sampleModel(), { saveAs: false, name: 'x', path: elsewhere })).toEqual({ ok: true, value: null });
    expect(electron.dialogsShown).toBe(1);
    expect(await readFile(elsewhere, 'utf8')).toBe('keep');

    expect(await invoke(Channel.saveModel, sampleModel(), { saveAs: false, name: 'own', path: own })).toMatchObject({ ok: true, value: { path: own } });
    expect(electron.dialogsShown).toBe(1);
  });

  it('asks where when the window has no file of its own, and then that file is its own', async () => {
    const chosen = join(folder, 'saved-as.rnnmodel');
    electron.saveDialog = { canceled: false, filePath: chosen };
    expect(await invoke(Channel.saveModel, sampleModel(), { saveAs: false, name: 'm', path: chosen })).toMatchObject({ ok: true, value: { path: chosen } });
    expect(electron.dialogsShown).toBe(1);
    expect(window.filePath).toBe(chosen);
    expect(await invoke(Channel.saveModel, sampleModel(), { saveAs: false, name: 'm', path: chosen })).toMatchObject({ ok: true });
    expect(electron.dialogsShown).toBe(1);
    expect(await invoke(Channel.openPath, chosen)).toMatchObject({ ok: true });
  });
});
