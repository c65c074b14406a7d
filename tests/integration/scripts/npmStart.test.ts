/**
 * `npm start` as a person runs it, with a stand-in for Electron's binary:
 * Node itself, placed as the executable of an ELECTRON_OVERRIDE_DIST_PATH
 * folder, with the stand-in Electron's launcher preloaded into it
 * (tests/desktop/launch.mjs). Launched on the project folder as `electron .`
 * is, it runs the app's built main process under the stand-in and drives it
 * to a trained run through the sandboxed preload and a forked trainer, then
 * quits. So "npm start launches" means the app got that far.
 */

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriveReport } from '../../desktop/harness';
import { ensureTrainerBuilt } from '../electron/trainerProcessDriver';

const ROOT = resolve(import.meta.dirname, '../../..');
const folder = mkdtempSync(join(tmpdir(), 'rnn-npm-start-'));
beforeAll(() => ensureTrainerBuilt(), 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('npm start', () => {
  it('launches the Electron binary it is given on the built app, which gets as far as a trained run and quits', async () => {
    const report = join(folder, 'report.json');
    const distFolder = join(folder, 'electron-dist');
    const executable = join(distFolder, process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron');
    mkdirSync(dirname(executable), { recursive: true });
    if (process.platform === 'win32') copyFileSync(process.execPath, executable);
    else symlinkSync(process.execPath, executable);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: distFolder,
      NODE_OPTIONS: `--import=${pathToFileURL(join(ROOT, 'tests/desktop/launch.mjs')).href}`,
      RNN_STUDIO_STAND_IN: 'start',
      RNN_STUDIO_STAND_IN_REPORT: report,
    };
    delete env.ELECTRON_EXEC_PATH;
    let output = '';
    const code = await new Promise<number | null>((done, fail) => {
      // The build is npm test's own step; the launch is what is under test here.
      const child = spawn('npm', ['start', '--', '--skipBuild'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', fail);
      child.on('close', done);
    });
    expect(code, output).toBe(0);
    expect(existsSync(report), output).toBe(true);
    const drove = JSON.parse(readFileSync(report, 'utf8')) as DriveReport;
    expect(drove.steps.map((step) => step.replace(/ \(\d+ ms\)$/, ''))).toEqual([
      'load the built main process',
      'the first window: secure preferences, its page served through app://, its preload sandboxed',
      'a run trains to its end in the forked trainer, bit for bit the in-process run',
      'Quit closes every window, ends every trainer process and quits',
    ]);
    expect(drove.runsTrained).toHaveLength(1);
    expect(drove.channels['studio:connect-trainer']).toBe(1);
  }, 60_000);
});
