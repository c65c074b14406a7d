/**
 * `electron-builder --linux dir` on the built app, with a stand-in for
 * Electron's binary (none can be downloaded here), and what the package
 * carries: the built main process, the trainer's entry, the preload, the
 * renderer and package.json, nothing of node_modules, under 5 MB; and the
 * packed app itself, taken out of app.asar, runs under the stand-in Electron
 * as a packaged app (no node_modules beside it) as far as a trained run.
 */

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTrainerBuilt } from '../electron/trainerProcessDriver';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));
// The archive reader electron-builder itself packs with.
const asar = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
  extractAll(archive: string, destination: string): void;
};
const MAX_ASAR_BYTES = 5 * 1024 * 1024;

const folder = mkdtempSync(join(tmpdir(), 'rnn-package-'));
const output = join(folder, 'release');
const archive = join(output, 'linux-unpacked/resources/app.asar');
let log = '';

function runBuilder(args: string[]): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [require.resolve('electron-builder/cli.js'), ...args], { cwd: ROOT, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } });
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', fail);
    child.on('close', done);
  });
}

beforeAll(async () => {
  await ensureTrainerBuilt();
  const standIn = join(folder, 'electron-dist');
  mkdirSync(standIn);
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  const code = await runBuilder(['--linux', 'dir', '--publish', 'never', `-c.electronDist=${standIn}`, `-c.directories.output=${output}`]);
  if (code !== 0) throw new Error(`electron-builder exited with ${code}:\n${log}`);
}, 120_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the Linux package (electron-builder --linux dir)', () => {
  it('holds the built app: main process, trainer entry, preload, renderer, package.json', () => {
    const entries = new Set(asar.listPackage(archive, { isPack: false }).map((entry) => entry.replaceAll('\\', '/')));
    for (const file of ['/package.json', '/out/main/index.js', '/out/main/trainer.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(entries, file).toContain(file);
    expect([...entries].some((entry) => entry.startsWith('/out/renderer/assets/') && entry.endsWith('.js'))).toBe(true);
  });

  it('carries nothing of node_modules and nothing outside out/ but package.json', () => {
    const entries = asar.listPackage(archive, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
    expect(entries.filter((entry) => entry.includes('node_modules'))).toEqual([]);
    expect(entries.filter((entry) => entry !== '/out' && !entry.startsWith('/out/') && entry !== '/package.json')).toEqual([]);
  });

  it('is under 5 MB', () => {
    expect(statSync(archive).size).toBeLessThan(MAX_ASAR_BYTES);
  });

  it("packs a package.json with the project's homepage, an author with an email, and no runtime dependencies", () => {
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(packed.main).toBe('out/main/index.js');
    expect(packed.homepage).toMatch(/^https:\/\/\S+$/);
    expect(packed.author).toMatch(/^[^<>]+ <[^@\s<>]+@[^@\s<>]+\.[a-z]+>$/);
    expect(packed.dependencies ?? {}).toEqual({});
  });

  it('runs, as packed, under the stand-in Electron: its window, page and preload, a trained run in its forked trainer, and quit', async () => {
    const unpacked = join(folder, 'app');
    asar.extractAll(archive, unpacked);
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
      let output = '';
      const child = spawn(process.execPath, [join(ROOT, 'tests/desktop/launch.mjs'), unpacked, '--drive', 'start', '--packaged'], { cwd: folder });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code, output }));
    });
    expect(code, output).toBe(0);
    expect(output).toMatch(/ok {3}a run trains to its end in the forked trainer/);
  }, 60_000);

  it('starts the stand-in binary under the product name', () => {
    expect(existsSync(join(output, 'linux-unpacked/rnn-studio'))).toBe(true);
  });
});
