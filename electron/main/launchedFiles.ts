/**
 * Files the command line and the OS name (a launch, a second launch, a file
 * opened from the Finder or dropped on the dock icon): the one place that
 * listens for them. Each becomes openable by path (the page asks for it by
 * path once the main process has sent it) and is passed on to be opened; a
 * second launch naming no file asks for a window.
 */

import { app } from 'electron';
import { OPENABLE_EXTENSIONS, filesFromArgv } from './services/launchArgs';
import type { OpenablePaths } from './services/openablePaths';
import type { OpenRequest } from './services/startupOpens';

let openable: OpenablePaths | null = null;
const ungranted: string[] = [];
let opener: ((request: OpenRequest) => void) | null = null;
const unopened: OpenRequest[] = [];

function grant(path: string): void {
  if (openable) openable.grant(path);
  else ungranted.push(path);
}

function open(request: OpenRequest): void {
  if (opener) opener(request);
  else unopened.push(request);
}

const named = (argv: readonly string[], cwd: string) => filesFromArgv(argv, { defaultApp: process.defaultApp === true, cwd, extensions: OPENABLE_EXTENSIONS });

/** The files this process's own command line names, to open at launch. */
export const launchFiles: readonly string[] = named(process.argv, process.cwd());
launchFiles.forEach(grant);

// Listening from the moment this module loads, not from when the handlers are registered:
// macOS names the files a launch should open (open-file) before the app is ready.
app.on('second-instance', (_event, argv, workingDirectory) => {
  const paths = named(argv, workingDirectory);
  paths.forEach(grant);
  if (paths.length === 0) return open({ kind: 'window' });
  for (const path of paths) open({ kind: 'file', path });
});
app.on('open-file', (event, path) => {
  event.preventDefault();
  grant(path);
  open({ kind: 'file', path });
});

/** Grants to `paths` every file launched so far and from now on. */
export function grantLaunchedFiles(paths: OpenablePaths): void {
  openable = paths;
  ungranted.splice(0).forEach((path) => paths.grant(path));
}

/** Passes to `handler` every later launch's files (or its request for a window), those that came before it first. */
export function onLaunch(handler: (request: OpenRequest) => void): void {
  opener = handler;
  unopened.splice(0).forEach(handler);
}
