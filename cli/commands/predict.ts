/** `predict`: adds two numbers with a saved model and shows its bits. */

import { predict } from '../../shared/rnn/index';
import { UsageError, expectPositionals, parseArgs } from '../args';
import { readModel } from '../files';
import { EXIT_OK, type CommandIO } from '../io';

export async function predictCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('predict', argv, []);
  if (parsed.help) return io.help('predict');
  const [path, aText, bText] = expectPositionals('predict', parsed.positionals, ['MODEL', 'A', 'B']);
  const model = await readModel(path!);
  const { bits } = model.config;
  const a = operand('A', aText!, bits);
  const b = operand('B', bText!, bits);
  const p = predict(model.weights, model.config, a, b);
  io.stdout.write(`${JSON.stringify({ a: p.a, b: p.b, predicted: p.predicted, expected: p.expected, correct: p.correct, bits: p.bits, outputs: p.outputs })}\n`);
  return EXIT_OK;
}

/** An addend: a whole number below 2^(bits-1), so that the sum fits in the model's bits. */
export function operand(name: string, text: string, bits: number): number {
  const limit = 2 ** (bits - 1);
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value >= limit) {
    throw new UsageError(`${name} must be a whole number from 0 to ${limit - 1} so that the sum fits in the model's ${bits} bits; got ${JSON.stringify(text)}`);
  }
  return value;
}
