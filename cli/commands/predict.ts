/** `predict`: adds two numbers with a saved model and shows its bits, at its own length or --bits. */

import { parseOperand, predictAtLength } from '../../shared/rnn/index';
import { UsageError, expectPositionals, parseArgs } from '../args';
import { readModel } from '../files';
import { EXIT_OK, type CommandIO } from '../io';
import { NUMBER_SAFE_BITS, TEST_BITS, testBitsOption } from '../testBits';

export async function predictCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('predict', argv, [TEST_BITS]);
  if (parsed.help) return io.help('predict');
  const [path, aText, bText] = expectPositionals('predict', parsed.positionals, ['MODEL', 'A', 'B']);
  const testBits = testBitsOption(parsed);
  const model = await readModel(path!);
  const bits = testBits ?? model.config.bits;
  const a = operand('A', aText!, bits);
  const b = operand('B', bText!, bits);
  const p = predictAtLength(model.weights, model.config, a, b, bits);
  // Beyond 53 bits a sum can pass 2^53, where JSON numbers stop being exact: those print as decimal strings.
  const out = (n: bigint): number | string => (bits > NUMBER_SAFE_BITS ? n.toString() : Number(n));
  io.stdout.write(`${JSON.stringify({ a: out(p.a), b: out(p.b), predicted: out(p.predicted), expected: out(p.expected), correct: p.correct, bits: p.bits, outputs: p.outputs })}\n`);
  return EXIT_OK;
}

/** An addend: a whole number below 2^(bits-1), so that the sum fits in the bits. */
export function operand(name: string, text: string, bits: number): bigint {
  const read = parseOperand(name, text, bits);
  if (!read.ok) throw new UsageError(read.problem);
  return read.value;
}
