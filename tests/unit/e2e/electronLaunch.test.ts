/**
 * The end-to-end run's launch and teardown of the desktop app, under Node:
 * each studio's own user-data folder, the binary it launches, the answer its
 * teardown gives the unsaved-changes question, and the kill when quitting hangs.
 */

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { afterAll, describe, expect, it } from 'vitest';
import { choiceOf, mayClose } from '../../../electron/main/services/unsavedChanges';
import { TEARDOWN_ANSWER, closeWithoutAsking, electronMissing, freshUserData, launchOptions } from '../../e2e/electronLaunch';

const ROOT = resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'rnn-e2e-launch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function standInBinary(): string {
  const path = join(scratch, 'bin', 'electron');
  mkdirSync(join(scratch, 'bin'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('each launch of the desktop app in the end-to-end run', () => {
  it('gets its own empty user-data folder, passed as RNN_STUDIO_USER_DATA, removed afterwards', () => {
    const first = freshUserData();
    const second = freshUserData();
    expect(first.path).not.toBe(second.path);
    expect(readdirSync(first.path)).toEqual([]);
    const binary = standInBinary();
    const options = launchOptions(ROOT, first.path, { ...process.env, ELECTRON_EXEC_PATH: binary, RNN_STUDIO_USER_DATA: '/the/person/s/profile' });
    expect(options.env.RNN_STUDIO_USER_DATA).toBe(first.path);
    expect(launchOptions(ROOT, second.path, { ELECTRON_EXEC_PATH: binary }).env.RNN_STUDIO_USER_DATA).toBe(second.path);
    first.remove();
    second.remove();
    expect(existsSync(first.path) || existsSync(second.path)).toBe(false);
  });

  it('launches the binary ensure-electron finds, on the built main process', () => {
    const binary = standInBinary();
    const options = launchOptions(ROOT, scratch, { ELECTRON_EXEC_PATH: binary });
    expect(options.executablePath).toBe(binary);
    expect(options.args).toEqual([join(ROOT, 'out/main/index.js')]);
    expect(electronMissing(ROOT, { ELECTRON_EXEC_PATH: binary })).toBeNull();
  });

  it('is skipped with a reason that says how to install the binary when there is none', () => {
    const reason = electronMissing(ROOT, { ELECTRON_EXEC_PATH: join(scratch, 'nothing-here') });
    expect(reason).toContain('nothing-here');
    expect(reason).toContain('node scripts/ensureElectron.mjs');
    expect(() => launchOptions(ROOT, scratch, { ELECTRON_EXEC_PATH: join(scratch, 'nothing-here') })).toThrow(/does not exist/);
  });
});

describe('teardown', () => {
  it("answers the unsaved-changes question with Don't Save, so a window with trained work closes without saving", async () => {
    expect(choiceOf(TEARDOWN_ANSWER)).toBe('discard');
    let saves = 0;
    const dialog = { showMessageBox: async () => ({ response: 0, checkboxChecked: false }) };
    const app = {
      evaluate: async (stub: (electron: { dialog: typeof dialog }, response: number) => void, response: number) => stub({ dialog }, response),
      close: async () => {
        const { response } = await dialog.showMessageBox();
        const closes = await mayClose(async () => choiceOf(response), async () => ++saves > 0);
        if (!closes) throw new Error('the window stayed open');
      },
      process: () => {
        throw new Error('not killed: it closed');
      },
    };
    await closeWithoutAsking(app as unknown as ElectronApplication, 1000);
    expect(saves).toBe(0);
  });

  it("kills the app's process when quitting does not end in time", async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const app = { evaluate: async () => {}, close: () => new Promise<void>(() => {}), process: () => child };
    const started = Date.now();
    await closeWithoutAsking(app as unknown as ElectronApplication, 300);
    expect(await exited).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
