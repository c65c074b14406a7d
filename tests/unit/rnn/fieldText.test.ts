/**
 * One reader of every value written as text: the studio's form, the CLI's
 * flags and a sweep's lists read an option the same way (parseField), and
 * the test length and the operands have one reader each.
 */

import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { CONFIG_FIELDS, parseField, rangeText, type ConfigKey } from '@shared/rnn/config';
import { parseOperand, parseTestBits } from '@shared/rnn/lengths';
import { parseValueList, SweepError } from '@shared/sweep/grid';
import { configFromFlags } from '../../../cli/configFlags';
import { useSettingsStore } from '@/stores/settings';

/** What each reader makes of one option's text: its value, or its message. */
function readers(key: ConfigKey, text: string): { form: unknown; cli: unknown; sweep: unknown } {
  setActivePinia(createPinia());
  const settings = useSettingsStore();
  settings.set(key, text);
  const form = settings.errors[key] ?? (settings.config as Record<string, unknown> | null)?.[key];
  const field = CONFIG_FIELDS.find((f) => f.key === key)!;
  let cli: unknown, sweep: unknown;
  try {
    cli = configFromFlags({ options: new Map([[field.flag, text]]), positionals: [] } as never)[key];
  } catch (error) {
    cli = (error as Error).message.replace(`--${field.flag}: `, '');
  }
  try {
    sweep = parseValueList(key, text)[0];
  } catch (error) {
    sweep = error instanceof SweepError ? error.message : error;
  }
  return { form, cli, sweep };
}

describe('one reader of every option', () => {
  it.each([
    ['hiddenSize', '16', 16],
    ['hiddenSize', ' 16 ', 16],
    ['hiddenSize', '1e1', 10],
    ['hiddenSize', '16.0', 16],
    ['hiddenSize', '0x10', 'Hidden size must be an integer from 1 to 512; got "0x10"'],
    ['hiddenSize', '1e', 'Hidden size must be an integer from 1 to 512; got "1e"'],
    ['hiddenSize', 'Infinity', 'Hidden size must be an integer from 1 to 512; got "Infinity"'],
    ['hiddenSize', '16.5', 'Hidden size must be an integer from 1 to 512; got 16.5'],
    ['learningRate', '.5', 0.5],
    ['learningRate', '0', 'Learning rate must be a number above 0 and at most 100; got 0'],
    ['untilAccuracy', '0.99', 0.99],
    ['cell', 'gru', 'gru'],
    ['cell', 'GRU', 'Cell must be rnn, lstm or gru; got "GRU"'],
    ['seed', '4294967296', 'Seed must be an integer from 0 to 4294967295; got 4294967296'],
  ] as const)('%s "%s": the form, the CLI and the sweep grid all read %s', (key, text, expected) => {
    const read = parseField(key, text);
    expect(read.ok ? read.value : read.problem).toEqual(expected);
    expect(readers(key, text)).toEqual({ form: expected, cli: expected, sweep: expected });
  });

  it('says an empty field is empty (a sweep list names its empty entry instead)', () => {
    expect(parseField('hiddenSize', ' ')).toEqual({ ok: false, problem: 'Hidden size must be an integer from 1 to 512; got nothing' });
    expect(readers('hiddenSize', '')).toMatchObject({ form: 'Hidden size must be an integer from 1 to 512; got nothing', cli: 'Hidden size must be an integer from 1 to 512; got nothing' });
  });

  it('reads switches as on or off everywhere', () => {
    expect(parseField('bias', 'on')).toEqual({ ok: true, value: true });
    expect(parseField('bias', 'yes')).toEqual({ ok: false, problem: 'Biases must be on or off; got "yes"' });
    expect(readers('bias', 'yes')).toEqual({ form: 'Biases must be on or off; got "yes"', cli: 'Biases must be on or off; got "yes"', sweep: 'Biases must be on or off; got "yes"' });
  });

  it('builds every range text from the bounds', () => {
    expect(rangeText({ key: 'hiddenSize', label: '', flag: '', group: 'Network', fixedByWeights: true, kind: 'number', min: 3, max: 7, integer: true })).toBe('an integer from 3 to 7');
    const clip = CONFIG_FIELDS.find((f) => f.key === 'clip')!;
    expect(clip.range).toBe('a number from 0 (off) to 1000000');
    expect(CONFIG_FIELDS.find((f) => f.key === 'optimizer')!.range).toBe('sgd, momentum or adam');
  });
});

describe('one reader of a test length and of an operand', () => {
  it.each([
    ['16', 16],
    [' 64 ', 64],
    ['2', 2],
    ['1', 'Bits must be a whole number from 2 to 64; got 1'],
    ['65', 'Bits must be a whole number from 2 to 64; got 65'],
    ['1e1', 'Bits must be a whole number from 2 to 64; got "1e1"'],
    ['', 'Bits must be a whole number from 2 to 64; got nothing'],
  ] as const)('test length "%s": %s', (text, expected) => {
    const read = parseTestBits(text);
    expect(read.ok ? read.value : read.problem).toEqual(expected);
  });

  it('reads operands exactly up to 64 bits and names the sum they must fit', () => {
    expect(parseOperand('A', '9223372036854775807', 64)).toEqual({ ok: true, value: 9223372036854775807n });
    expect(parseOperand('A', '9223372036854775808', 64)).toEqual({ ok: false, problem: 'A must be a whole number from 0 to 9223372036854775807 for 64-bit sums; got 9223372036854775808' });
    expect(parseOperand('B', '-3', 8)).toEqual({ ok: false, problem: 'B must be a whole number from 0 to 127 for 8-bit sums; got "-3"' });
    expect(parseOperand('B', '0x1', 8)).toEqual({ ok: false, problem: 'B must be a whole number from 0 to 127 for 8-bit sums; got "0x1"' });
  });
});
