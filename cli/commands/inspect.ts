/** `inspect`: every intermediate of one pair's forward and backward pass, as the training step computes them, for every cell. */

import { traceSample, type GateTrace, type SampleTrace } from '../../shared/rnn/inspect/index';
import { weightNames } from '../../shared/rnn/weights';
import { expectPositionals, parseArgs } from '../args';
import { readModel } from '../files';
import { EXIT_OK, type CommandIO } from '../io';
import { operand } from './predict';

export async function inspectCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('inspect', argv, []);
  if (parsed.help) return io.help('inspect');
  const [path, aText, bText] = expectPositionals('inspect', parsed.positionals, ['MODEL', 'A', 'B']);
  const model = await readModel(path!);
  const { bits } = model.config;
  const a = Number(operand('A', aText!, bits));
  const b = Number(operand('B', bText!, bits));
  const trace = traceSample(model.weights, model.config, a, b);
  const gradients: Record<string, number[]> = {};
  for (const name of weightNames(model.config)) gradients[name] = Array.from(trace.gradients[name]!.data);
  const line = { a, b, steps: stepsOf(trace), gradients, perStep: perStepOf(trace) };
  io.stdout.write(`${JSON.stringify(line)}\n`);
  return EXIT_OK;
}

/** Each step's intermediates: those every cell has, then the cell's own (the vanilla cell's pre-activation, the gated cells' gates by name). */
function stepsOf(trace: SampleTrace): Record<string, unknown>[] {
  return trace.steps.map((s) => {
    if (!('gates' in s)) {
      return { t: s.t, x: s.x, preActivation: Array.from(s.preActivation), h: Array.from(s.h), y: s.output, target: s.target, outputDelta: s.outputDelta, hiddenDelta: Array.from(s.hiddenDelta), dLdhNorm: s.dLdhNorm };
    }
    const common = { t: s.t, x: s.x, h: Array.from(s.h), y: s.output, target: s.target, outputDelta: s.outputDelta, dLdhNorm: s.dLdhNorm };
    const gates = Object.fromEntries(
      Object.entries(s.gates as Record<string, GateTrace>).map(([g, gate]) => [g, { preActivation: Array.from(gate.preActivation), value: Array.from(gate.value), delta: Array.from(gate.delta) }]),
    );
    if ('c' in s) return { ...common, gates, c: Array.from(s.c), dLdcNorm: s.dLdcNorm };
    return { ...common, gates, resetHidden: Array.from(s.resetHidden) };
  });
}

/** The norms of each step's terms of dU and dV, and for a gated cell of each gate's. */
function perStepOf(trace: SampleTrace): Record<string, unknown>[] {
  return trace.steps.map((s) => {
    const common = { t: s.t, dUNorm: s.dUNorm, dVNorm: s.dVNorm };
    if (!('gates' in s)) return common;
    return { ...common, gates: Object.fromEntries(Object.entries(s.gates as Record<string, GateTrace>).map(([g, gate]) => [g, { dUNorm: gate.dUNorm, dVNorm: gate.dVNorm }])) };
  });
}
