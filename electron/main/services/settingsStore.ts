/** The studio's last settings, kept as JSON in the user-data folder; only values that are still valid come back. */

import * as fsp from 'node:fs/promises';
import { CONFIG_FIELDS, checkField, type TrainConfig } from '@shared/rnn/config';
import { writeFileAtomic } from '@shared/node/atomicWrite';

/** The valid fields of a stored or received value; everything else is left out. */
export function validSettings(value: unknown): Partial<TrainConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const settings: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const v = (value as Record<string, unknown>)[field.key];
    if (v !== undefined && checkField(field.key, v) === null) settings[field.key] = v;
  }
  return settings as Partial<TrainConfig>;
}

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
