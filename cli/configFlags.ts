/** The training options as command-line flags, read from the one CONFIG_FIELDS table. */

import { CONFIG_FIELDS, checkField, type ConfigField, type TrainConfig } from '../shared/rnn/config';
import { UsageError, parseDecimal, type OptionSpec, type ParsedArgs } from './args';

export const CONFIG_OPTION_SPECS: readonly OptionSpec[] = CONFIG_FIELDS.map((f) => ({ name: f.flag, valueHint: f.range }));

/** The options given on the command line, validated, keyed by config key. */
export function configFromFlags(parsed: ParsedArgs): Partial<TrainConfig> {
  const out: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const text = parsed.options.get(field.flag);
    if (text === undefined) continue;
    const value = flagValue(field, text);
    const problem = checkField(field.key, value);
    if (problem) throw new UsageError(`--${field.flag}: ${problem}`);
    out[field.key] = value;
  }
  return out as Partial<TrainConfig>;
}

function flagValue(field: ConfigField, text: string): unknown {
  switch (field.kind) {
    case 'number': {
      const n = parseDecimal(text);
      if (n === null) throw new UsageError(`--${field.flag}: ${field.label} must be ${field.range}; got ${JSON.stringify(text)}`);
      return n;
    }
    case 'boolean':
      if (text === 'on') return true;
      if (text === 'off') return false;
      throw new UsageError(`--${field.flag}: ${field.label} must be ${field.range}; got ${JSON.stringify(text)}`);
    case 'choice':
      return text;
  }
}
