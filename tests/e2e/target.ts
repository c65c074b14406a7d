/**
 * The studio under test, whichever shell it runs in. Specs talk to `studio`
 * only: the web target drives the built web host in Chromium (downloads and
 * the file chooser), the electron target drives the packaged main process
 * with its native dialogs stubbed. Without an Electron binary the electron
 * target reports every spec as skipped, with the reason.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { closeWithoutAsking, electronMissing, freshUserData, launchOptions } from './electronLaunch';
import { WEB_PORT, chromiumLaunchOptions } from './webTarget';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type ExportFormatName = 'json' | 'csv' | 'npz' | 'safetensors' | 'onnx';

export interface Studio {
  readonly target: 'web' | 'electron';
  readonly page: Page;
  /** Opens a model file through the Open button. */
  openFile(path: string): Promise<void>;
  /** Saves the model through "Save as" to exactly this path. */
  saveTo(path: string): Promise<void>;
  /** Exports the weights in a format into a folder; returns the file's path. */
  exportTo(format: ExportFormatName, folder: string): Promise<string>;
  /** Reloads the web page, or quits and relaunches the desktop app. */
  restart(): Promise<void>;
  /** Dialogs the page raised (confirm, beforeunload), oldest first. */
  readonly dialogs: { type: string; message: string }[];
  /** How dialogs are answered from now on (yes by default, as a person going on with the scenario would). */
  answerDialogs(accept: boolean): void;
}

/** Records the page's dialogs and answers them as told. */
function dialogAnswerer(): { dialogs: Studio['dialogs']; answerDialogs: Studio['answerDialogs']; attach(page: Page): void } {
  const dialogs: Studio['dialogs'] = [];
  let accept = true;
  return {
    dialogs,
    answerDialogs: (answer) => void (accept = answer),
    attach(page) {
      page.on('dialog', (dialog) => {
        dialogs.push({ type: dialog.type(), message: dialog.message() });
        void (accept ? dialog.accept() : dialog.dismiss());
      });
    },
  };
}

function targetOf(metadata: unknown): 'web' | 'electron' {
  return (metadata as { target?: string } | undefined)?.target === 'electron' ? 'electron' : 'web';
}

async function openStudioPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  // Saves and exports go to downloads, as in a browser without the File System Access API, because automated browsers cannot answer its picker.
  await context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${WEB_PORT}/`);
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  return page;
}

function webStudio(page: Page): Studio {
  const answerer = dialogAnswerer();
  answerer.attach(page);
  const studio: Studio = {
    target: 'web',
    dialogs: answerer.dialogs,
    answerDialogs: answerer.answerDialogs,
    get page() {
      return page;
    },
    async openFile(path) {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await (await chooser).setFiles(path);
    },
    async saveTo(path) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Save as', exact: true }).click();
      await (await download).saveAs(path);
    },
    async exportTo(format, folder) {
      await page.getByLabel('Format', { exact: true }).selectOption(format);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export weights', exact: true }).click();
      const file = await download;
      const path = join(folder, file.suggestedFilename());
      await file.saveAs(path);
      return path;
    },
    async restart() {
      await page.reload();
      await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    },
  };
  return studio;
}

async function launchElectron(userData: string): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await _electron.launch(launchOptions(ROOT, userData));
  const page = await app.firstWindow();
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  return { app, page };
}

async function stubSaveDialog(app: ElectronApplication, path: string): Promise<void> {
  await app.evaluate(({ dialog }, filePath) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as typeof dialog.showSaveDialog;
    dialog.showSaveDialogSync = (() => filePath) as typeof dialog.showSaveDialogSync;
  }, path);
}

async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(path)) throw new Error(`the studio did not write ${path}`);
}

function electronStudio(launched: { app: ElectronApplication; page: Page }, userData: string): Studio & { close(): Promise<void> } {
  let { app, page } = launched;
  const answerer = dialogAnswerer();
  answerer.attach(page);
  return {
    target: 'electron',
    dialogs: answerer.dialogs,
    answerDialogs: answerer.answerDialogs,
    get page() {
      return page;
    },
    async openFile(path) {
      await app.evaluate(({ dialog }, filePath) => {
        dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [filePath] })) as typeof dialog.showOpenDialog;
        dialog.showOpenDialogSync = (() => [filePath]) as typeof dialog.showOpenDialogSync;
      }, path);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
    },
    async saveTo(path) {
      await stubSaveDialog(app, path);
      await page.getByRole('button', { name: 'Save as', exact: true }).click();
      await waitForFile(path);
    },
    async exportTo(format, folder) {
      const extension = format === 'json' ? 'weights.json' : format;
      const path = join(folder, `exported.${extension}`);
      await stubSaveDialog(app, path);
      await page.getByLabel('Format', { exact: true }).selectOption(format);
      await page.getByRole('button', { name: 'Export weights', exact: true }).click();
      await waitForFile(path);
      return path;
    },
    async restart() {
      await closeWithoutAsking(app);
      ({ app, page } = await launchElectron(userData));
      answerer.attach(page);
    },
    async close() {
      await closeWithoutAsking(app);
    },
  };
}

export const test = base.extend<{ studio: Studio }, { webBrowser: Browser | null }>({
  webBrowser: [
    async ({ playwright }, use, workerInfo) => {
      if (targetOf(workerInfo.project.metadata) !== 'web') return use(null);
      const browser = await playwright.chromium.launch(chromiumLaunchOptions());
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  studio: async ({ webBrowser }, use, testInfo) => {
    if (targetOf(testInfo.project.metadata) === 'electron') {
      const missing = electronMissing(ROOT);
      test.skip(missing !== null, missing ?? '');
      const userData = freshUserData();
      try {
        const studio = electronStudio(await launchElectron(userData.path), userData.path);
        await use(studio);
        await studio.close();
      } finally {
        userData.remove();
      }
      return;
    }
    const page = await openStudioPage(webBrowser!);
    await use(webStudio(page));
    await page.context().close();
  },
});

export { expect } from '@playwright/test';
