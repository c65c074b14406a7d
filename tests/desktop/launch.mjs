#!/usr/bin/env node
/**
 * Runs the studio's built desktop app under the stand-in Electron and drives
 * it (tests/desktop/harness.ts):
 *
 *     node tests/desktop/launch.mjs [APP_FOLDER] [--drive full|start] [--packaged] [--report FILE]
 *
 * APP_FOLDER holds package.json and the built out/ (default: the project).
 * Also loaded with `node --import` into a Node that stands in for Electron's
 * binary (the `npm start` test): there it drives the app when the process was
 * started on a folder, as `electron .` is, and RNN_STUDIO_STAND_IN names the
 * drive. Prints each step on stderr; exits 0 when every step passed, 1 with
 * the failure otherwise.
 */

import { register } from 'node:module';
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const asProgram = process.argv[1] !== undefined && resolve(process.argv[1]) === here;
const asElectron = !asProgram && process.env.RNN_STUDIO_STAND_IN && process.argv[1] !== undefined && isFolder(process.argv[1]);

function isFolder(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (asProgram || asElectron) {
  const args = asProgram ? process.argv.slice(2) : [];
  const app = asProgram ? (args.find((arg, i) => !arg.startsWith('--') && !['--drive', '--report'].includes(args[i - 1] ?? '')) ?? resolve(here, '../../..')) : process.argv[1];
  const drive = asProgram ? (option(args, '--drive') ?? 'full') : process.env.RNN_STUDIO_STAND_IN;
  const reportFile = asProgram ? option(args, '--report') : process.env.RNN_STUDIO_STAND_IN_REPORT;
  // As Electron's main process shows "A JavaScript error occurred in the main process", the drive fails on any uncaught error.
  for (const event of ['uncaughtException', 'unhandledRejection']) {
    process.on(event, (error) => {
      process.stderr.write(`${event} in the main process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
  }
  const { register: registerTypeScript } = await import('tsx/esm/api');
  registerTypeScript();
  register('./electron/hooks.mjs', import.meta.url);
  const { DesktopDrive } = await import('./harness.ts');
  try {
    const report = await new DesktopDrive({ app, drive, packaged: args.includes('--packaged'), say: (line) => process.stderr.write(`${line}\n`) }).run();
    if (reportFile) writeFileSync(reportFile, JSON.stringify(report, null, 2));
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
