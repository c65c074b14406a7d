/** The training options as command-line flags, read from the one CONFIG_FIELDS table and its one reader of text (parseField). */

import { CONFIG_FIELDS, parseField, type TrainConfig } from '../shared/rnn/config';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';

export const CONFIG_OPTION_SPECS: readonly OptionSpec[] = CONFIG_FIELDS.map((f) => ({ name: f.flag, valueHint: f.range }));

/** The options given on the command line, validated, keyed by config key. */
export function configFromFlags(parsed: ParsedArgs): Partial<TrainConfig> {
  const out: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const text = parsed.options.get(field.flag);
    if (text === undefined) continue;
    const read = parseField(field.key, text);
    if (!read.ok) throw new UsageError(`--${field.flag}: ${read.problem}`);
    out[field.key] = read.value;
  }
  return out as Partial<TrainConfig>;
}
