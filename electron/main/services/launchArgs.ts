/**
 * The model files named on the command line (Windows and Linux file
 * association, `rnn-studio model.rnnmodel`). Switches are ignored, including
 * the ones Chromium and Playwright add (`--remote-debugging-port=0`,
 * `--inspect`, `--no-sandbox` …), as are the executable and the app's own
 * entry script.
 */

import { isAbsolute, resolve } from 'node:path';
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
    if (arg.trim() === '' || arg.startsWith('data:') || /^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) continue;
    const lower = arg.toLowerCase();
    if (!options.extensions.some((ext) => lower.endsWith(`.${ext}`))) continue;
    files.push(isAbsolute(arg) ? arg : resolve(options.cwd, arg));
  }
  return files;
}
