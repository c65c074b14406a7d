/**
 * Files the command line and the OS name (a launch, a second launch, a file
 * dropped on the dock icon) become openable by path: the page asks for them
 * by path once the main process has sent them.
 */

import { app } from 'electron';
import { OPENABLE_EXTENSIONS, filesFromArgv } from './services/launchArgs';
import type { OpenablePaths } from './services/openablePaths';

export function grantLaunchedFiles(openable: OpenablePaths): void {
  const named = (argv: readonly string[], cwd: string) => filesFromArgv(argv, { defaultApp: process.defaultApp === true, cwd, extensions: OPENABLE_EXTENSIONS });
  for (const path of named(process.argv, process.cwd())) openable.grant(path);
  app.on('second-instance', (_event, argv, workingDirectory) => named(argv, workingDirectory).forEach((path) => openable.grant(path)));
  app.on('open-file', (_event, path) => openable.grant(path));
}
