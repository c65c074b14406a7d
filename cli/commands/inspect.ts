/** `inspect`: every intermediate of one pair's forward and backward pass, as the training step computes them. */

import { traceSample, tracesCell } from '../../shared/rnn/inspect/index';
import { weightNames } from '../../shared/rnn/weights';
import { UsageError, expectPositionals, parseArgs } from '../args';
import { readModel } from '../files';
import { EXIT_OK, type CommandIO } from '../io';
import { operand } from './predict';

export async function inspectCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('inspect', argv, []);
  if (parsed.help) return io.help('inspect');
  const [path, aText, bText] = expectPositionals('inspect', parsed.positionals, ['MODEL', 'A', 'B']);
  const model = await readModel(path!);
  if (!tracesCell(model.config)) throw new UsageError(`inspect follows the vanilla cell step by step; ${path} is a ${model.config.cell} model, whose gates it does not trace`);
  const { bits } = model.config;
  const a = Number(operand('A', aText!, bits));
  const b = Number(operand('B', bText!, bits));
  const trace = traceSample(model.weights, model.config, a, b);
  const gradients: Record<string, number[]> = {};
  for (const name of weightNames(model.config)) gradients[name] = Array.from(trace.gradients[name]!.data);
  const line = {
    a,
    b,
    steps: trace.steps.map((s) => ({
      t: s.t,
      x: s.x,
      preActivation: Array.from(s.preActivation),
      h: Array.from(s.h),
      y: s.output,
      target: s.target,
      outputDelta: s.outputDelta,
      hiddenDelta: Array.from(s.hiddenDelta),
      dLdhNorm: s.dLdhNorm,
    })),
    gradients,
    perStep: trace.steps.map((s) => ({ t: s.t, dUNorm: s.dUNorm, dVNorm: s.dVNorm })),
  };
  io.stdout.write(`${JSON.stringify(line)}\n`);
  return EXIT_OK;
}
