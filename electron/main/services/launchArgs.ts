/**
 * The model files named on the command line (Windows and Linux file
 * association, `rnn-studio model.rnnmodel`). Switches are ignored, including
 * the ones Chromium and Playwright add (`--remote-debugging-port=0`,
 * `--inspect`, `--no-sandbox` …), as are the executable and the app's own
 * entry script. A `file:` URL names its file (Linux desktops launch with
 * `Exec=… %U`, and GNOME passes a double-clicked file as file:///…); every other
 * URL is refused.
 */

import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_EXTENSION } from '@shared/model-file/model';

/** What the studio opens when the OS or the command line names it. */
export const OPENABLE_EXTENSIONS: readonly string[] = [MODEL_EXTENSION, 'json'];

/**
 * argv: process.argv. defaultApp: process.defaultApp (true when run as
 * `electron path/to/main.js`, so argv[1] is the app, not a file).
 */
export function filesFromArgv(argv: readonly string[], options: { defaultApp: boolean; cwd: string; extensions: readonly string[] }): string[] {
  const rest = argv.slice(options.defaultApp ? 2 : 1);
  const files: string[] = [];
  let afterDoubleDash = false;
  for (const arg of rest) {
    if (!afterDoubleDash && arg === '--') {
      afterDoubleDash = true;
      continue;
    }
    if (!afterDoubleDash && arg.startsWith('-')) continue;
    const path = fileArgument(arg, options.cwd);
    if (path === null) continue;
    const lower = path.toLowerCase();
    if (!options.extensions.some((ext) => lower.endsWith(`.${ext}`))) continue;
    files.push(path);
  }
  return files;
}

/** The absolute path an argument names: a path, or a local file: URL; null for any other URL or a blank. */
function fileArgument(arg: string, cwd: string): string | null {
  if (arg.trim() === '') return null;
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      // A file: URL of another host, or one that names no file.
      return null;
    }
  }
  // Any other URL; a colon alone is no URL ("C:\\models\\a.rnnmodel", or "run:2.rnnmodel" on Linux).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || /^(data|javascript|vbscript|blob|about|mailto):/i.test(arg)) return null;
  return isAbsolute(arg) ? arg : resolve(cwd, arg);
}
