/**
 * The paths a page may ask the main process to open by name. A page is not
 * trusted to name files (a compromised renderer could ask for ~/.ssh/id_rsa),
 * so only paths the main process itself handed out qualify: files chosen in
 * its dialogs, its recent files, and files named on the command line or by
 * the OS. Anything else is refused without being touched.
 */

import { resolve } from 'node:path';

export class OpenablePaths {
  private readonly granted = new Set<string>();

  /** recent: the recent files as they stand now (they also qualify). */
  constructor(private readonly recent: () => readonly string[] = () => []) {}

  /** Lets pages open `path` from now on. */
  grant(path: string): void {
    this.granted.add(resolve(path));
  }

  /** Whether a page may open `path`. */
  allows(path: string): boolean {
    const absolute = resolve(path);
    return this.granted.has(absolute) || this.recent().some((file) => resolve(file) === absolute);
  }
}
