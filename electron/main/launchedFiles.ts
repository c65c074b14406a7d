/**
 * Files the command line and the OS name (a launch, a second launch, a file
 * opened from the Finder or dropped on the dock icon) become openable by path:
 * the page asks for them by path once the main process has sent them.
 */

import { app } from 'electron';
import { OPENABLE_EXTENSIONS, filesFromArgv } from './services/launchArgs';
import type { OpenablePaths } from './services/openablePaths';

let openable: OpenablePaths | null = null;
const early: string[] = [];

function launched(path: string): void {
  if (openable) openable.grant(path);
  else early.push(path);
}

const named = (argv: readonly string[], cwd: string) => filesFromArgv(argv, { defaultApp: process.defaultApp === true, cwd, extensions: OPENABLE_EXTENSIONS });

// Listening from the moment this module loads, not from when the handlers are registered:
// macOS names the files a launch should open (open-file) before the app is ready.
named(process.argv, process.cwd()).forEach(launched);
app.on('second-instance', (_event, argv, workingDirectory) => named(argv, workingDirectory).forEach(launched));
app.on('open-file', (_event, path) => launched(path));

/** Grants to `paths` every file launched so far and from now on. */
export function grantLaunchedFiles(paths: OpenablePaths): void {
  openable = paths;
  early.splice(0).forEach((path) => paths.grant(path));
}
