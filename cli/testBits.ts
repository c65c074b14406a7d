/** The --bits option of eval and predict (and sweep's --test-bits): test a model on sums of another length than it was trained on. */

import { MAX_TEST_BITS, MIN_TEST_BITS } from '../shared/rnn/lengths';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';

export const TEST_BITS: OptionSpec = { name: 'bits', valueHint: `bits per number, a whole number from ${MIN_TEST_BITS} to ${MAX_TEST_BITS} (default: the model's)` };

/** Sums up to this many bits stay below 2^53, so they print as JSON numbers; longer ones print as decimal strings. */
export const NUMBER_SAFE_BITS = 53;

/** The value of a length option (--bits by default; sweep's --test-bits), or null when not given. */
export function testBitsOption(parsed: ParsedArgs, spec: OptionSpec = TEST_BITS): number | null {
  const text = parsed.options.get(spec.name);
  if (text === undefined) return null;
  const bits = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(bits >= MIN_TEST_BITS && bits <= MAX_TEST_BITS)) throw new UsageError(`--${spec.name} must be ${spec.valueHint}; got ${JSON.stringify(text)}`);
  return bits;
}
