/** The CLI with the gated cells (--cell) and with sums of another length than trained (--bits). */

import { describe, expect, it } from 'vitest';
import { evaluateAtLength, predictAtLength } from '@shared/rnn/index';
import { jsonLine, readModel, runCli, tempDirForFile, trainedModelForFile } from './runCli';

const temp = tempDirForFile();
const rnn = trainedModelForFile(temp, 'rnn.rnnmodel', ['--iterations', '4500', '--seed', '1']);

describe('cli: cells and lengths', () => {
  it.each(['lstm', 'gru'] as const)('trains a %s with --cell and saves its gate weights', async (cell) => {
    const out = temp.at(`${cell}.rnnmodel`);
    const result = await runCli(['train', '--cell', cell, '--hidden', '6', '--iterations', '200', '--seed', '3', '--out', out]);
    expect(result.code).toBe(0);
    const model = await readModel(out);
    expect(model.config.cell).toBe(cell);
    expect(Object.keys(model.weights)).toEqual(cell === 'lstm' ? ['U_i', 'U_o', 'U_f', 'U_c', 'V_i', 'V_o', 'V_f', 'V_c', 'W'] : ['U_z', 'U_r', 'U_h', 'V_z', 'V_r', 'V_h', 'W']);
    const e = await runCli(['eval', out]);
    expect(jsonLine(e).pairs).toBe(16_384);
    const traced = await runCli(['inspect', out, '3', '4']);
    expect(traced.code).toBe(0);
    expect(Object.keys((jsonLine(traced).steps as { gates: object }[])[0]!.gates)).toEqual(cell === 'lstm' ? ['i', 'o', 'f', 'c'] : ['z', 'r', 'h']);
  });

  it('refuses an unknown cell with the choices', async () => {
    const result = await runCli(['train', '--cell', 'transformer', '--out', temp.at('x.rnnmodel')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('rnn-studio: --cell: Cell must be rnn, lstm or gru; got "transformer"');
  });

  it('evaluates on 64-bit sums with --bits 64', async () => {
    const result = await runCli(['eval', rnn.path, '--bits', '64']);
    expect(result.code).toBe(0);
    const e = evaluateAtLength(rnn.model.weights, rnn.model.config, 64);
    expect(jsonLine(result)).toEqual({ accuracy: e.exact, bitAccuracy: e.bit, meanLoss: e.meanLoss, pairs: 10_000, bits: 64 });
  });

  it('adds numbers past 2^53 as decimal strings with --bits 64', async () => {
    const a = '9223372036854775000', b = '4611686018427387904';
    const result = await runCli(['predict', rnn.path, a, b, '--bits', '64']);
    expect(result.code).toBe(0);
    const p = predictAtLength(rnn.model.weights, rnn.model.config, BigInt(a), BigInt(b), 64);
    const line = jsonLine(result);
    expect(line).toEqual({ a, b, predicted: p.predicted.toString(), expected: '13835058055282162904', correct: p.correct, bits: p.bits, outputs: p.outputs });
    expect(line.bits).toMatch(/^[01]{64}$/);
  });

  it('keeps numbers as JSON numbers up to 53 bits', async () => {
    const line = jsonLine(await runCli(['predict', rnn.path, '30000', '2767', '--bits', '16']));
    expect(line).toMatchObject({ a: 30000, b: 2767, expected: 32767 });
  });

  it.each([
    [['eval', 'MODEL', '--bits', '65'], '--bits: Bits must be a whole number from 2 to 64; got 65'],
    [['predict', 'MODEL', '1', '2', '--bits', 'x'], '--bits: Bits must be a whole number from 2 to 64; got "x"'],
    [['predict', 'MODEL', '9223372036854775808', '1', '--bits', '64'], 'A must be a whole number from 0 to 9223372036854775807 for 64-bit sums; got 9223372036854775808'],
  ])('refuses %j with one line', async (args, message) => {
    const result = await runCli(args.map((a) => (a === 'MODEL' ? rnn.path : a)));
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`rnn-studio: ${message}`);
  });
});
