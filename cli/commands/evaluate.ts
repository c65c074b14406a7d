/** `eval`: the accuracy of a saved model over every input pair (or the fixed sample beyond 65 536 pairs), at its own length or --bits. */

import { evaluateAtLength } from '../../shared/rnn/index';
import { expectPositionals, parseArgs } from '../args';
import { readModel } from '../files';
import { EXIT_OK, type CommandIO } from '../io';
import { TEST_BITS, testBitsOption } from '../testBits';

export async function evalCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('eval', argv, [TEST_BITS]);
  if (parsed.help) return io.help('eval');
  const [path] = expectPositionals('eval', parsed.positionals, ['MODEL']);
  const bits = testBitsOption(parsed);
  const model = await readModel(path!);
  const e = evaluateAtLength(model.weights, model.config, bits ?? model.config.bits);
  const result = { accuracy: e.exact, bitAccuracy: e.bit, meanLoss: e.meanLoss, pairs: e.pairs };
  io.stdout.write(`${JSON.stringify(bits === null ? result : { ...result, bits })}\n`);
  return EXIT_OK;
}
