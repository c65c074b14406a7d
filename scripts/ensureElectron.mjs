#!/usr/bin/env node
/**
 * Makes sure Electron's binary is there before the desktop studio runs, then
 * runs the command that follows (if any) with ELECTRON_EXEC_PATH naming it:
 *
 *     node scripts/ensureElectron.mjs                          # install the binary if missing
 *     node scripts/ensureElectron.mjs electron-vite preview    # ... then launch
 *
 * electron-vite 6 reads node_modules/electron/path.txt itself and throws
 * without it, but takes ELECTRON_EXEC_PATH first, so the command is handed
 * the binary found here (which is how ELECTRON_EXEC_PATH and
 * ELECTRON_OVERRIDE_DIST_PATH reach it). Exits 1 after saying why when there
 * is no binary and it cannot be downloaded.
 */

import { spawn } from 'node:child_process';
import { ensureElectron } from './electronBinary.mjs';

/** Runs the command with the binary named in its environment, passing on Ctrl+C and its exit code. */
function runCommand(command, electronPath) {
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: electronPath },
    // npm's bin shims are .cmd files on Windows, which only a shell runs.
    shell: process.platform === 'win32',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`${command[0]} could not be started: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electronPath = ensureElectron();
if (electronPath === null) process.exit(1);
const command = process.argv.slice(2);
if (command.length > 0) runCommand(command, electronPath);
