/**
 * The studio's last settings, kept as JSON in the user-data folder; only
 * values that are still valid come back. The file is read as every other
 * file is (a regular file, capped in size): one that is not there, not
 * readable or not valid gives no settings, and the page starts from the
 * defaults.
 */

import { validOptions, type TrainConfig } from '@shared/rnn/config';
import { writeFileAtomic } from '@shared/node/atomicWrite';
import { readRegularFile } from '@shared/node/regularFile';

/** The settings take a few hundred bytes; anything much larger is not this file. */
const MAX_SETTINGS_BYTES = 256 * 1024;

/** The valid fields of a stored or received value (each checked by its field's own check); everything else is left out. */
export const validSettings = validOptions;

export class SettingsStore {
  constructor(
    private readonly path: string,
    private readonly onStoreError: (message: string) => void = () => {},
  ) {}

  async load(): Promise<Partial<TrainConfig> | null> {
    let text: string;
    try {
      text = new TextDecoder().decode(await readRegularFile(this.path, MAX_SETTINGS_BYTES));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') this.onStoreError(`settings could not be read from ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    try {
      return validSettings(JSON.parse(text));
    } catch {
      return null;
    }
  }

  async save(settings: unknown): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(validSettings(settings), null, 2)}\n`);
  }
}
