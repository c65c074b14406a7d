/**
 * `npm start` as a person runs it, with a stand-in for Electron: Node itself,
 * placed as the executable of an ELECTRON_OVERRIDE_DIST_PATH folder, and a
 * module preloaded into it that records how electron-vite launched it and
 * exits. electron-vite on its own reads only node_modules/electron/path.txt
 * and would not find this binary.
 */

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const folder = mkdtempSync(join(tmpdir(), 'rnn-npm-start-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Loaded into every Node process of the run (npm, the scripts, electron-vite); only the one started as the app reports.
const RECORDER = `
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
if (process.argv[1] && resolve(process.argv[1]) === resolve(process.env.STAND_IN_APP)) {
  writeFileSync(process.env.STAND_IN_REPORT, JSON.stringify({ args: process.argv.slice(1), cwd: process.cwd() }));
  process.exit(0);
}
`;

describe('npm start', () => {
  it('launches the Electron binary it is given on the built app, from the project folder', async () => {
    const recorder = join(folder, 'recorder.mjs');
    const report = join(folder, 'report.json');
    writeFileSync(recorder, RECORDER);
    const distFolder = join(folder, 'electron-dist');
    const executable = join(distFolder, process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron');
    mkdirSync(dirname(executable), { recursive: true });
    if (process.platform === 'win32') copyFileSync(process.execPath, executable);
    else symlinkSync(process.execPath, executable);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: distFolder,
      NODE_OPTIONS: `--import=${pathToFileURL(recorder).href}`,
      STAND_IN_APP: ROOT,
      STAND_IN_REPORT: report,
    };
    delete env.ELECTRON_EXEC_PATH;
    const code = await new Promise<number | null>((done, fail) => {
      // The build is npm test's own step; the launch is what is under test here.
      const child = spawn('npm', ['start', '--', '--skipBuild'], { cwd: ROOT, env, stdio: 'ignore', shell: process.platform === 'win32' });
      child.on('error', fail);
      child.on('close', done);
    });
    expect(code).toBe(0);
    expect(existsSync(report)).toBe(true);
    const launched = JSON.parse(readFileSync(report, 'utf8')) as { args: string[]; cwd: string };
    expect(launched.args.map((arg) => resolve(arg))).toEqual([ROOT]);
    expect(resolve(launched.cwd)).toBe(ROOT);
  });
});
