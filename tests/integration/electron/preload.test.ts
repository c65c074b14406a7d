/**
 * The built preload (out/preload/index.cjs) evaluated as the sandbox would:
 * one CommonJS file whose only import is 'electron', here a stand-in that
 * records what the preload exposes, invokes and sends.
 */

import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StudioApi } from '@shared/api/studioApi';
import type { FromTrainer } from '@shared/trainer/contract';
import { Channel } from '../../../electron/common/ipc';
import { ROOT, ensureTrainerBuilt } from './trainerProcessDriver';

interface Loaded {
  exposed: Record<string, unknown>;
  required: string[];
  ipc: EventEmitter & { invoked: [string, unknown[]][]; sent: [string, unknown][] };
  answers: Map<string, (...args: unknown[]) => unknown>;
}

let source: string;

beforeAll(async () => {
  await ensureTrainerBuilt();
  source = readFileSync(join(ROOT, 'out/preload/index.cjs'), 'utf8');
}, 120_000);

function loadPreload(): Loaded {
  const answers = new Map<string, (...args: unknown[]) => unknown>();
  const ipc = Object.assign(new EventEmitter(), { invoked: [] as [string, unknown[]][], sent: [] as [string, unknown][] });
  const ipcRenderer = Object.assign(ipc, {
    invoke: async (channel: string, ...args: unknown[]) => {
      ipc.invoked.push([channel, args]);
      const answer = answers.get(channel);
      return answer ? answer(...args) : { ok: false, message: `no answer for ${channel}` };
    },
    send: (channel: string, value: unknown) => ipc.sent.push([channel, value]),
  });
  const exposed: Record<string, unknown> = {};
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer,
    webUtils: {
      getPathForFile: (file: { path?: string }) => {
        if (typeof file.path !== 'string') throw new TypeError('not a File');
        return file.path;
      },
    },
  };
  const require = (id: string) => {
    required.push(id);
    if (id !== 'electron') throw new Error(`the sandboxed preload cannot require ${id}`);
    return electron;
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', source)(require, module, module.exports);
  return { exposed, required, ipc, answers };
}

/** main → renderer, as webContents.send / postMessage would deliver it. */
function fromMain(ipc: EventEmitter, channel: string, value: unknown, ports: MessagePort[] = []): void {
  ipc.emit(channel, { ports, sender: null }, value);
}

let preload: Loaded;
let studio: StudioApi;

beforeEach(() => {
  preload = loadPreload();
  studio = preload.exposed.studio as StudioApi;
});

/** Lets every pending promise callback run (the preload answers through promises, not timers). */
const settle = () => new Promise((r) => setImmediate(r));

describe('the preload', () => {
  it('is one CommonJS file that needs only electron, and exposes exactly window.studio', () => {
    expect(new Set(preload.required)).toEqual(new Set(['electron']));
    expect(Object.keys(preload.exposed)).toEqual(['studio']);
    expect(studio.host).toBe('electron');
    expect(Object.values(studio).some((v) => v === preload.ipc)).toBe(false);
  });

  it('takes the trainer port only with the nonce it asked with, and closes any other', async () => {
    preload.answers.set(Channel.connectTrainer, () => ({ ok: true, value: undefined }));
    const connecting = studio.connectTrainer();
    await settle();
    const [channel, [nonce]] = preload.ipc.invoked[0]!;
    expect(channel).toBe(Channel.connectTrainer);
    expect(nonce).toMatch(/^[0-9a-f-]{36}$/);

    const stray = new MessageChannel();
    const strayClosed = new Promise((r) => stray.port1.addEventListener('close', r));
    fromMain(preload.ipc, Channel.trainerPort, { nonce: 'guessed' }, [stray.port2]);
    await strayClosed;

    const real = new MessageChannel();
    fromMain(preload.ipc, Channel.trainerPort, { nonce }, [real.port2]);
    const connection = await connecting;

    const received: FromTrainer[] = [];
    let arrived = (): void => {};
    connection.onMessage((m) => {
      received.push(m);
      arrived();
    });
    const atTrainer = new Promise<unknown>((r) => (real.port1.onmessage = (e) => r(e.data)));
    connection.post({ type: 'step', n: 3 });
    expect(await atTrainer).toEqual({ type: 'step', n: 3 });
    const delivered = new Promise<void>((r) => (arrived = r));
    real.port1.postMessage({ type: 'state', state: 'paused', iteration: 3 });
    await delivered;
    expect(received).toEqual([{ type: 'state', state: 'paused', iteration: 3 }]);

    fromMain(preload.ipc, Channel.trainerGone, { message: 'someone else', connectionIds: ['other'] });
    fromMain(preload.ipc, Channel.trainerGone, { message: 'The trainer process crashed (reason: crashed, exit code 11).', connectionIds: [nonce] });
    expect(received.at(-1)).toEqual({ type: 'error', code: 'crashed', message: 'The trainer process crashed (reason: crashed, exit code 11).' });
    expect(received).toHaveLength(2);
    connection.close();
    real.port1.close();
  });

  it("throws a HostError carrying the main process's message unchanged", async () => {
    preload.answers.set(Channel.openPath, () => ({ ok: false, message: '"a.rnnmodel" no longer exists in /m; it was removed from the recent files.' }));
    const error = await studio.openPath('/m/a.rnnmodel').catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'HostError', message: '"a.rnnmodel" no longer exists in /m; it was removed from the recent files.' });
    expect(preload.ipc.invoked).toEqual([[Channel.openPath, ['/m/a.rnnmodel']]]);
  });

  it('opens a dropped file by its text, never by a path the main process could not verify, and refuses one over 105 MB unread', async () => {
    preload.answers.set(Channel.openDroppedText, (name) => ({ ok: true, value: { name, path: null, model: null } }));
    const onDisk = { name: 'a.rnnmodel', size: 2, path: '/m/a.rnnmodel', text: async () => '{}' };
    expect((await studio.openDropped(onDisk)).path).toBeNull();
    let read = false;
    const huge = { name: 'huge.rnnmodel', size: 106 * 1024 * 1024, text: async () => ((read = true), '') };
    await expect(studio.openDropped(huge)).rejects.toMatchObject({ name: 'HostError', message: '"huge.rnnmodel" cannot be opened: it is 106.0 MB; a model file can be at most 105 MB. The open model is unchanged.' });
    expect(read).toBe(false);
    expect(preload.ipc.invoked.map(([c, a]) => [c, a])).toEqual([[Channel.openDroppedText, ['a.rnnmodel', '{}']]]);
  });

  it('keeps files the main process asked to open until the page listens', () => {
    fromMain(preload.ipc, Channel.openFile, '/m/first.rnnmodel');
    const opened: string[] = [];
    const stop = studio.onOpenFile!((path) => opened.push(path));
    fromMain(preload.ipc, Channel.openFile, '/m/second.rnnmodel');
    stop();
    fromMain(preload.ipc, Channel.openFile, '/m/third.rnnmodel');
    expect(opened).toEqual(['/m/first.rnnmodel', '/m/second.rnnmodel']);
  });

  it('answers a save request with what the page did, and no when nothing listens', async () => {
    fromMain(preload.ipc, Channel.saveRequest, { id: 1 });
    studio.onSaveRequest!(async () => true);
    fromMain(preload.ipc, Channel.saveRequest, { id: 2 });
    await settle();
    expect(preload.ipc.sent).toEqual([
      [Channel.saveReply, { id: 1, saved: false }],
      [Channel.saveReply, { id: 2, saved: true }],
    ]);
  });

  it('delivers menu commands until unsubscribed, and sends only the document state fields', () => {
    const commands: string[] = [];
    const stop = studio.onMenuCommand((c) => commands.push(c));
    fromMain(preload.ipc, Channel.menuCommand, 'save');
    stop();
    fromMain(preload.ipc, Channel.menuCommand, 'open');
    expect(commands).toEqual(['save']);
    studio.setDocumentState({ name: 'a.rnnmodel', dirty: true, extra: 1 } as never);
    expect(preload.ipc.sent).toEqual([[Channel.setDocumentState, { name: 'a.rnnmodel', dirty: true }]]);
  });
});
