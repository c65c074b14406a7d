/** The --bits option of eval and predict (and sweep's --test-bits): test a model on sums of another length than it was trained on. */

import { TEST_BITS_RANGE, parseTestBits } from '../shared/rnn/lengths';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';

export const TEST_BITS: OptionSpec = { name: 'bits', valueHint: `bits per number, ${TEST_BITS_RANGE} (default: the model's)` };

/** Sums up to this many bits stay below 2^53, so they print as JSON numbers; longer ones print as decimal strings. */
export const NUMBER_SAFE_BITS = 53;

/** The value of a length option (--bits by default; sweep's --test-bits), or null when not given. */
export function testBitsOption(parsed: ParsedArgs, spec: OptionSpec = TEST_BITS): number | null {
  const text = parsed.options.get(spec.name);
  if (text === undefined) return null;
  const read = parseTestBits(text);
  if (!read.ok) throw new UsageError(`--${spec.name}: ${read.problem}`);
  return read.value;
}
