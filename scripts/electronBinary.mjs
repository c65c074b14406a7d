/**
 * Where Electron's binary is, and getting it when it is missing, for
 * scripts/ensureElectron.mjs and the end-to-end run. The electron package
 * (45) no longer downloads its binary at `npm install`; its own install.js
 * does, honouring ELECTRON_MIRROR, electron_config_cache and the package's
 * other variables, and returns at once when the binary is installed. Where
 * the download fails, a few lines say what failed and the ways out.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The executable inside Electron's dist folder, as the electron package names it per platform. */
function platformExecutable(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/** The installed electron package: its folder and version. */
export function electronPackage(root = ROOT) {
  const require = createRequire(join(root, 'package.json'));
  const dir = dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return { dir, version };
}

/**
 * The Electron executable that would run, without downloading anything:
 * `{ path }`, or `{ missing }` saying why there is none.
 */
export function installedElectron(root = ROOT, env = process.env) {
  if (env.ELECTRON_EXEC_PATH) {
    return existsSync(env.ELECTRON_EXEC_PATH) ? { path: env.ELECTRON_EXEC_PATH } : { missing: `ELECTRON_EXEC_PATH names ${env.ELECTRON_EXEC_PATH}, which does not exist` };
  }
  const { dir } = electronPackage(root);
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable(env.ELECTRON_INSTALL_PLATFORM || process.platform);
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative);
    return existsSync(path) ? { path } : { missing: `ELECTRON_OVERRIDE_DIST_PATH (${env.ELECTRON_OVERRIDE_DIST_PATH}) holds no ${relative}` };
  }
  if (!existsSync(pathFile)) return { missing: "Electron's binary is not installed" };
  const path = join(dir, 'dist', relative);
  return existsSync(path) ? { path } : { missing: `Electron's binary is not installed (no ${path})` };
}

/** Whether a proxy is configured the way @electron/get reads one (HTTPS_PROXY, HTTP_PROXY, any case). */
function proxyVariable(env) {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].find((name) => env[name]);
}

/**
 * Runs the electron package's installer; null when it succeeded, else the first line of its error.
 * A person at a terminal sees the installer's own progress bar (it appears once a download has
 * taken 30 s); elsewhere its output is read for the one line that says what failed.
 */
function runInstaller(root, env) {
  const { dir } = electronPackage(root);
  // @electron/get uses a proxy only when asked to; where one is configured, ask.
  const installEnv = proxyVariable(env) && env.ELECTRON_GET_USE_PROXY === undefined ? { ...env, ELECTRON_GET_USE_PROXY: 'true' } : env;
  const interactive = process.stderr.isTTY === true;
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'inherit', interactive ? 'inherit' : 'pipe'], encoding: 'utf8', env: installEnv });
  if (result.status === 0) return null;
  const first = (result.stderr || String(result.error ?? '')).split('\n').map((line) => line.trim()).find((line) => line !== '');
  return (first ?? `the installer exited with ${result.status ?? result.signal}`).replace(/^[A-Za-z]*Error: /, '').slice(0, 200);
}

function downloadSource(env) {
  return env.ELECTRON_MIRROR ? `ELECTRON_MIRROR (${env.ELECTRON_MIRROR})` : 'GitHub';
}

/** What is about to be downloaded, said before the download starts (it takes a while, and says nothing until 30 s have passed). */
function downloadNote(version, env) {
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  const arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  const proxy = proxyVariable(env);
  return `Downloading Electron ${version} for ${platform}-${arch} from ${downloadSource(env)}${proxy ? ` through the proxy in ${proxy}` : ''}: about 100 MB, once (kept in node_modules/electron/dist).`;
}

function wayOut(version, failure, env) {
  const major = version.split('.')[0];
  const network = /fetch failed|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket/i.test(failure);
  return [
    `RNN Studio cannot start: ${failure}.`,
    `  - Set ELECTRON_MIRROR to a mirror of Electron's releases that you can reach, and run this again;`,
    ...(network && !proxyVariable(env) ? ['  - behind a proxy, set HTTPS_PROXY to it (the download then goes through it), and run this again;'] : []),
    `  - or set ELECTRON_EXEC_PATH to an installed Electron ${major} executable.`,
    `  The same studio runs in a browser without Electron: npm run web`,
  ].join('\n');
}

/**
 * Installs the binary when it is missing; the executable's path, or null after printing why there is none.
 * Never downloads when ELECTRON_EXEC_PATH or ELECTRON_OVERRIDE_DIST_PATH names where the binary should be:
 * the electron package would not use what it downloaded.
 */
export function ensureElectron(root = ROOT, env = process.env) {
  const { version } = electronPackage(root);
  let found = installedElectron(root, env);
  if (found.missing && !env.ELECTRON_EXEC_PATH && !env.ELECTRON_OVERRIDE_DIST_PATH) {
    console.error(downloadNote(version, env));
    const failure = runInstaller(root, env);
    if (failure) {
      console.error(wayOut(version, `the download of Electron ${version}'s binary from ${downloadSource(env)} failed (${failure})`, env));
      return null;
    }
    found = installedElectron(root, env);
  }
  if (found.missing) {
    console.error(wayOut(version, found.missing, env));
    return null;
  }
  return found.path;
}
