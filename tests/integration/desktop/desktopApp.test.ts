/**
 * The built desktop app, executed: the stand-in Electron (tests/desktop) runs
 * out/main/index.js, the sandboxed out/preload/index.cjs and the forked
 * out/main/trainer.js under Node and drives them through every desktop path a
 * person takes (tests/desktop/harness.ts lists the steps). What it drove is
 * printed. And the drive fails where it must: a main process that does not
 * load, or one that uses Electron beyond what the stand-in models.
 */

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriveReport } from '../../desktop/harness';
import { ensureTrainerBuilt } from '../electron/trainerProcessDriver';

const ROOT = resolve(import.meta.dirname, '../../..');
const LAUNCH = join(ROOT, 'tests/desktop/launch.mjs');
const folder = mkdtempSync(join(tmpdir(), 'rnn-desktop-test-'));

beforeAll(() => ensureTrainerBuilt(), 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function drive(app: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    let output = '';
    const child = spawn(process.execPath, [LAUNCH, app, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

/** A folder shaped like the app (package.json and its main file), for the drives that must fail. */
function fakeApp(name: string, main: string): string {
  const app = join(folder, name);
  mkdirSync(join(app, 'out/main'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, type: 'module', main: 'out/main/index.js' }));
  writeFileSync(join(app, 'out/main/index.js'), main);
  return app;
}

describe('the built desktop app under the stand-in Electron', () => {
  it('runs every desktop path: window, page, preload, files, trainer, pool, crash, second launch, menu, close and quit', async () => {
    const reportFile = join(folder, 'report.json');
    const { code, output } = await drive(ROOT, '--drive', 'full', '--report', reportFile);
    expect(code, output).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as DriveReport;
    console.log(
      [
        'What the stand-in drove:',
        ...report.steps.map((step) => `  step: ${step}`),
        `  pages served through app:// (path and status): ${report.served.join(', ')}`,
        `  channels the page called: ${Object.entries(report.channels).map(([channel, n]) => `${channel} ×${n}`).join(', ')}`,
        `  utility processes forked: ${report.forked.join(', ')}`,
        ...report.runsTrained.map((run) => `  run trained: ${run}`),
        `  dialogs answered: ${report.dialogs.join('; ')}`,
        `  windows opened ${report.windowsOpened}, closed ${report.windowsClosed}`,
      ].join('\n'),
    );
    expect(report.windowsClosed).toBe(report.windowsOpened);
    expect(report.runsTrained.length).toBeGreaterThanOrEqual(4);
    for (const worker of ['trainer.worker', 'inside.worker', 'lengthTest.worker', 'errorMap.worker']) expect(report.served.some((line) => line.includes(worker) && line.endsWith(' 200')), worker).toBe(true);
  }, 90_000);

  it('fails with the load error when the main process does not parse', async () => {
    const app = fakeApp('broken', "import { app } from 'electron';\nconst require = 1;\nvar require = 2;\n");
    const { code, output } = await drive(app, '--drive', 'start');
    expect(code).toBe(1);
    expect(output).toMatch(/the built main process out\/main\/index\.js did not load: SyntaxError: Identifier 'require' has already been declared/);
  });

  it('fails loudly when the app uses a part of Electron the stand-in does not model', async () => {
    const app = fakeApp('unmodelled', "import { app } from 'electron';\napp.whenReady().then(() => app.getGPUInfo('basic'));\n");
    const { code, output } = await drive(app, '--drive', 'start');
    expect(code).toBe(1);
    expect(output).toMatch(/the stand-in does not model: app\.getGPUInfo/);
  });

  it('fails loudly when the app imports a module of Electron the stand-in does not have', async () => {
    const app = fakeApp('unexported', "import { nativeTheme } from 'electron';\nnativeTheme.themeSource = 'dark';\n");
    const { code, output } = await drive(app, '--drive', 'start');
    expect(code).toBe(1);
    expect(output).toMatch(/does not provide an export named 'nativeTheme'/);
  });
});
