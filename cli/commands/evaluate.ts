/** `eval`: the accuracy of a saved model over every input pair (or the fixed sample beyond 65 536 pairs). */

import { evaluate } from '../../shared/rnn/index';
import { expectPositionals, parseArgs } from '../args';
import { readModel } from '../files';
import { EXIT_OK, type CommandIO } from '../io';

export async function evalCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('eval', argv, []);
  if (parsed.help) return io.help('eval');
  const [path] = expectPositionals('eval', parsed.positionals, ['MODEL']);
  const model = await readModel(path!);
  const e = evaluate(model.weights, model.config);
  io.stdout.write(`${JSON.stringify({ accuracy: e.exact, bitAccuracy: e.bit, meanLoss: e.meanLoss, pairs: e.pairs })}\n`);
  return EXIT_OK;
}
