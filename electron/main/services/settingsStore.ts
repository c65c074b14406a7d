/** The studio's last settings, kept as JSON in the user-data folder; only values that are still valid come back. */

import * as fsp from 'node:fs/promises';
import { validOptions, type TrainConfig } from '@shared/rnn/config';
import { writeFileAtomic } from '@shared/node/atomicWrite';

/** The valid fields of a stored or received value (each checked by its field's own check); everything else is left out. */
export const validSettings = validOptions;

export class SettingsStore {
  constructor(private readonly path: string) {}

  async load(): Promise<Partial<TrainConfig> | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch {
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
