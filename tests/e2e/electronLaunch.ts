/**
 * How the end-to-end run starts and ends the desktop app. It uses the binary
 * scripts/ensureElectron.mjs finds (ELECTRON_EXEC_PATH and
 * ELECTRON_OVERRIDE_DIST_PATH included) and never starts a download; each
 * studio gets a fresh user-data folder, so runs start from empty settings and
 * recent files and two workers' apps do not meet at the single-instance lock;
 * teardown answers the unsaved-changes question with Don't Save, so closing
 * never waits on a dialog nobody sees.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { UNSAVED_BUTTONS } from '../../electron/main/services/unsavedChanges';
import { installedElectron } from '../../scripts/electronBinary.mjs';

/** The dialog response that means Don't Save. */
export const TEARDOWN_ANSWER = UNSAVED_BUTTONS.findIndex((button) => button.choice === 'discard');
/** How long closing may take before the app's process is killed. */
export const CLOSE_GRACE_MS = 10_000;

/** Null when an Electron binary is there to launch; else why not, and how to install one. */
export function electronMissing(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    const found = installedElectron(root, env);
    return found.missing === undefined ? null : `${found.missing}; \`node scripts/ensureElectron.mjs\` installs it`;
  } catch (error) {
    return `Electron is not installed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

/** A new, empty user-data folder for one studio (kept across its restarts, as a person's would be). */
export function freshUserData(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'rnn-studio-user-data-'));
  // On Windows the app's files can stay locked for a moment after it quits (EBUSY, EPERM): rmSync retries those.
  return { path, remove: () => rmSync(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }) };
}

/** What `_electron.launch` is given: the binary, the built main process, and the studio's own user-data folder. */
export function launchOptions(root: string, userData: string, env: NodeJS.ProcessEnv = process.env) {
  const found = installedElectron(root, env);
  if (found.missing !== undefined) throw new Error(found.missing);
  return {
    executablePath: found.path,
    args: [join(root, 'out/main/index.js')],
    cwd: root,
    env: { ...env, RNN_STUDIO_USER_DATA: userData } as Record<string, string>,
  };
}

/** Quits the app without the unsaved-changes question; kills its process if quitting takes longer than `graceMs`. */
export async function closeWithoutAsking(app: Pick<ElectronApplication, 'evaluate' | 'close' | 'process'>, graceMs = CLOSE_GRACE_MS): Promise<void> {
  await app
    .evaluate(({ dialog }, response) => {
      dialog.showMessageBox = (async () => ({ response, checkboxChecked: false })) as typeof dialog.showMessageBox;
    }, TEARDOWN_ANSWER)
    .catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const closed = await Promise.race([
    app.close().then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  if (!closed) app.process().kill('SIGKILL');
}
