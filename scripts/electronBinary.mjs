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
    return existsSync(path) ? { path } : { missing: `ELECTRON_OVERRIDE_DIST_PATH holds no ${relative}` };
  }
  if (!existsSync(pathFile)) return { missing: "Electron's binary is not installed" };
  const path = join(dir, 'dist', relative);
  return existsSync(path) ? { path } : { missing: `Electron's binary is not installed (no ${path})` };
}

/** Runs the electron package's installer; null when it succeeded, else the first line of its error. */
function runInstaller(root) {
  const { dir } = electronPackage(root);
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.status === 0) return null;
  const first = (result.stderr || String(result.error ?? '')).split('\n').map((line) => line.trim()).find((line) => line !== '');
  return (first ?? `the installer exited with ${result.status ?? result.signal}`).replace(/^[A-Za-z]*Error: /, '').slice(0, 200);
}

function wayOut(version, failure) {
  const major = version.split('.')[0];
  return [
    `RNN Studio cannot start: ${failure}.`,
    `  - Set ELECTRON_MIRROR to a mirror of Electron's releases that you can reach, and run this again;`,
    `  - or set ELECTRON_EXEC_PATH to an installed Electron ${major} executable.`,
    `  The same studio runs in a browser without Electron: npm run web`,
  ].join('\n');
}

/** Installs the binary when it is missing; the executable's path, or null after printing why there is none. */
export function ensureElectron(root = ROOT, env = process.env) {
  const { version } = electronPackage(root);
  let found = installedElectron(root, env);
  if (found.missing && !env.ELECTRON_EXEC_PATH) {
    const failure = runInstaller(root);
    if (failure) {
      const source = env.ELECTRON_MIRROR ? `ELECTRON_MIRROR (${env.ELECTRON_MIRROR})` : 'GitHub';
      console.error(wayOut(version, `the download of Electron ${version}'s binary from ${source} failed (${failure})`));
      return null;
    }
    found = installedElectron(root, env);
  }
  if (found.missing) {
    console.error(wayOut(version, found.missing));
    return null;
  }
  return found.path;
}
