/**
 * scripts/ensureElectron.mjs as a real process in a project of its own: the
 * scripts, the electron package's own files (install.js and all) and its
 * downloader, with no binary, a stand-in binary, or an override folder. The
 * mirror is a local server that records every request, so "no download was
 * attempted" is observed, not assumed.
 */

import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));
const ELECTRON_DIR = dirname(require.resolve('electron/package.json'));
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ELECTRON_DIR, 'package.json'), 'utf8')) as { version: string }).version;
/** The electron package's downloader, found as Node would from the package (its exports hide package.json from require.resolve). */
const ELECTRON_GET_DIR = (() => {
  for (let dir = ELECTRON_DIR; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules/@electron/get');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`@electron/get not found above ${ELECTRON_DIR}`);
})();
const EXECUTABLE = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let mirror: Server;
let mirrorUrl = '';
const requests: string[] = [];
let closedPortUrl = '';
const folders: string[] = [];

beforeAll(async () => {
  mirror = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(404).end();
  });
  await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
  // A port that was just free and is closed again: connecting to it is refused at once.
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
  await new Promise((done) => probe.close(done));
});

afterAll(() => new Promise((done) => mirror.close(done)));

afterEach(() => {
  requests.length = 0;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A project holding the script and the electron package as npm installs it (no binary). */
function project(): { dir: string; electron: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-ensure-electron-'));
  folders.push(dir);
  const electron = join(dir, 'node_modules/electron');
  mkdirSync(electron, { recursive: true });
  for (const file of ['package.json', 'install.js', 'index.js', 'checksums.json']) copyFileSync(join(ELECTRON_DIR, file), join(electron, file));
  mkdirSync(join(dir, 'node_modules/@electron'));
  symlinkSync(ELECTRON_GET_DIR, join(dir, 'node_modules/@electron/get'), 'junction');
  mkdirSync(join(dir, 'scripts'));
  for (const script of ['ensureElectron.mjs', 'electronBinary.mjs']) copyFileSync(join(ROOT, 'scripts', script), join(dir, 'scripts', script));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ensure-electron-test', private: true, type: 'module' }));
  const env: NodeJS.ProcessEnv = { ...process.env, electron_config_cache: join(dir, 'cache') };
  for (const name of ['ELECTRON_EXEC_PATH', 'ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_MIRROR', 'ELECTRON_CUSTOM_DIR', 'ELECTRON_SKIP_BINARY_DOWNLOAD', 'force_no_cache']) delete env[name];
  return { dir, electron, env };
}

/** A small executable standing in for Electron: it prints its arguments (the script only checks that it exists; commands below run it where a shell script can run). */
function standIn(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\necho "stand-in electron $*"\n');
  chmodSync(path, 0o755);
}

function runScript(dir: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<Run> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(dir, 'scripts/ensureElectron.mjs'), ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** A command for the script to run after it: prints the binary it was handed. */
const PRINT_EXEC_PATH = [process.execPath, '-e', 'console.log("exec path: " + process.env.ELECTRON_EXEC_PATH)'];

describe('ensure-electron with no binary and no way to download it', () => {
  it('ends within seconds, non-zero, with a few lines naming the failure and the ways out, and no stack trace', async () => {
    const { dir, env } = project();
    const run = await runScript(dir, { ...env, ELECTRON_MIRROR: closedPortUrl }, PRINT_EXEC_PATH);
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(10_000);
    expect(run.stdout).not.toContain('exec path');
    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(7);
    expect(lines[0]).toBe(`Downloading Electron ${ELECTRON_VERSION} for ${process.platform}-${process.arch} from ELECTRON_MIRROR (${closedPortUrl}): about 100 MB, once (kept in node_modules/electron/dist).`);
    expect(lines[1]).toContain(`the download of Electron ${ELECTRON_VERSION}'s binary from ELECTRON_MIRROR (${closedPortUrl}) failed`);
    expect(run.stderr).toContain('set HTTPS_PROXY');
    expect(run.stderr).toContain('ELECTRON_MIRROR');
    expect(run.stderr).toContain(`ELECTRON_EXEC_PATH to an installed Electron ${ELECTRON_VERSION.split('.')[0]}`);
    expect(run.stderr).toContain('npm run web');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('asks the mirror it is given for the binary (the electron package installer runs, honouring ELECTRON_MIRROR)', async () => {
    const { dir, env } = project();
    const run = await runScript(dir, { ...env, ELECTRON_MIRROR: mirrorUrl });
    expect(run.code).toBe(1);
    expect(requests.some((url) => url.includes(ELECTRON_VERSION) && url.includes('electron-v'))).toBe(true);
    expect(run.stderr).toContain('npm run web');
  });

  it('goes through the proxy HTTP_PROXY names, and says so before it starts', async () => {
    const { dir, env } = project();
    const proxied: string[] = [];
    const proxy = createServer((request, response) => {
      proxied.push(`${request.method} ${request.url}`);
      response.writeHead(404).end();
    });
    // The downloader tunnels through the proxy (CONNECT), even to an http:// mirror; this proxy refuses the tunnel.
    proxy.on('connect', (request: { url?: string }, socket: Socket) => {
      proxied.push(`CONNECT ${request.url}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const run = await runScript(dir, { ...env, ELECTRON_MIRROR: 'http://mirror.invalid/', HTTP_PROXY: proxyUrl, NO_PROXY: '' });
      expect(run.code).toBe(1);
      expect(run.stderr.split('\n')[0]).toContain(`through the proxy in HTTP_PROXY`);
      expect(proxied).toContain('CONNECT mirror.invalid:80');
    } finally {
      await new Promise((done) => proxy.close(done));
    }
  });

  it('refuses an ELECTRON_OVERRIDE_DIST_PATH folder without the binary, without downloading', async () => {
    const { dir, electron, env } = project();
    const override = join(dir, 'empty-build');
    mkdirSync(override);
    const run = await runScript(dir, { ...env, ELECTRON_MIRROR: mirrorUrl, ELECTRON_OVERRIDE_DIST_PATH: override });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toContain(`ELECTRON_OVERRIDE_DIST_PATH (${override}) holds no ${EXECUTABLE}`);
    expect(requests).toEqual([]);
    expect(existsSync(join(electron, 'dist'))).toBe(false);
  });

  it('refuses an ELECTRON_EXEC_PATH that names nothing, without downloading', async () => {
    const { dir, env } = project();
    const missing = join(dir, 'no-such-electron');
    const run = await runScript(dir, { ...env, ELECTRON_MIRROR: mirrorUrl, ELECTRON_EXEC_PATH: missing });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toContain(`ELECTRON_EXEC_PATH names ${missing}, which does not exist`);
    expect(requests).toEqual([]);
  });
});

describe('ensure-electron with a binary present', () => {
  it('installed as the electron package installs it (path.txt and dist/): runs the command with that binary, downloading nothing', async () => {
    const { dir, electron, env } = project();
    standIn(join(electron, 'dist', EXECUTABLE));
    writeFileSync(join(electron, 'dist/version'), `v${ELECTRON_VERSION}`);
    writeFileSync(join(electron, 'path.txt'), EXECUTABLE);
    const run = await runScript(dir, { ...env, ELECTRON_MIRROR: mirrorUrl }, PRINT_EXEC_PATH);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`exec path: ${join(electron, 'dist', EXECUTABLE)}`);
    expect(requests).toEqual([]);
  });

  it('in ELECTRON_OVERRIDE_DIST_PATH: hands that binary to the command, downloading nothing', async () => {
    const { dir, env } = project();
    const override = join(dir, 'electron-build');
    standIn(join(override, EXECUTABLE));
    const run = await runScript(dir, { ...env, ELECTRON_MIRROR: mirrorUrl, ELECTRON_OVERRIDE_DIST_PATH: override }, PRINT_EXEC_PATH);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`exec path: ${join(override, EXECUTABLE)}`);
    expect(requests).toEqual([]);
  });

  it('named by ELECTRON_EXEC_PATH: passes it on and exits with the command', async () => {
    const { dir, env } = project();
    const binary = join(dir, 'elsewhere/electron');
    standIn(binary);
    const ok = await runScript(dir, { ...env, ELECTRON_MIRROR: mirrorUrl, ELECTRON_EXEC_PATH: binary }, PRINT_EXEC_PATH);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(`exec path: ${binary}`);
    const failing = await runScript(dir, { ...env, ELECTRON_EXEC_PATH: binary }, [process.execPath, '-e', 'process.exit(7)']);
    expect(failing.code).toBe(7);
    expect(requests).toEqual([]);
  });
});
