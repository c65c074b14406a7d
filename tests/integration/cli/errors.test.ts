import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '@shared/model-file/model';
import { runCli } from './runCli';

// Created now, so that the expected messages below can name its files.
const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
const good = join(dir, 'good.json');

beforeAll(async () => {
  const trained = await runCli(['train', '--iterations', '50', '--seed', '3', '--out', good]);
  if (trained.code !== 0) throw new Error(trained.stderr);
  const text = await readFile(good, 'utf8');
  await writeFile(join(dir, 'nan.json'), text.replace(/"data": \[[^,\]]+/, '"data": [null'));
  await writeFile(join(dir, 'newer.json'), text.replace(/"version": \d+/, '"version": 7'));
  await writeFile(join(dir, 'broken.json'), text.slice(0, 200));
  await mkdir(join(dir, 'folder.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const p = (name: string): string => join(dir, name);

const COMMANDS = 'train, sweep, eval, predict, inspect, export, bench';

/** [arguments, the one stderr line after "rnn-studio: "] */
const cases: [args: () => string[], message: string | RegExp][] = [
  [() => ['fly'], `unknown command "fly"; commands are ${COMMANDS} (see --help)`],
  [() => ['constructor'], `unknown command "constructor"; commands are ${COMMANDS} (see --help)`],
  [() => ['toString'], `unknown command "toString"; commands are ${COMMANDS} (see --help)`],
  [() => ['__proto__'], `unknown command "__proto__"; commands are ${COMMANDS} (see --help)`],
  [() => ['valueOf'], `unknown command "valueOf"; commands are ${COMMANDS} (see --help)`],
  [() => ['hasOwnProperty'], `unknown command "hasOwnProperty"; commands are ${COMMANDS} (see --help)`],
  [() => ['help', 'constructor'], `unknown command "constructor"; commands are ${COMMANDS} (see --help)`],
  [() => ['help', 'fly'], `unknown command "fly"; commands are ${COMMANDS} (see --help)`],
  [() => ['train', '--speed', '3', '--out', p('x.json')], /^unknown option --speed for train; options are --bits, --cell, --hidden, /],
  [() => ['train', '--hidden', '0', '--out', p('x.json')], '--hidden: Hidden size must be an integer from 1 to 512; got 0'],
  [() => ['train', '--hidden', 'abc', '--out', p('x.json')], '--hidden: Hidden size must be an integer from 1 to 512; got "abc"'],
  [() => ['train', '--lr', '0', '--out', p('x.json')], '--lr: Learning rate must be a number above 0 and at most 100; got 0'],
  [() => ['train', '--bias', 'yes', '--out', p('x.json')], '--bias: Biases must be on or off; got "yes"'],
  [() => ['train', '--activation', 'relu', '--out', p('x.json')], '--activation: Activation must be sigmoid or tanh; got "relu"'],
  [() => ['train', '--seed', '4294967296', '--out', p('x.json')], '--seed: Seed must be an integer from 0 to 4294967295; got 4294967296'],
  [() => ['train', '--until-accuracy', '1.5', '--out', p('x.json')], '--until-accuracy: Stop at accuracy must be a fraction from 0 (off) to 1 (every pair right); got 1.5'],
  [() => ['train', '--eval-every', '0', '--out', p('x.json')], '--eval-every: Evaluate every must be an integer from 1 to 1000000000; got 0'],
  [() => ['train', '--bits'], '--bits needs a value: an integer from 2 to 32'],
  [() => ['train', '--bits', '8', '--bits', '9'], '--bits is given twice; give it once'],
  [() => ['train'], 'train needs --out the model file to write'],
  [() => ['train', 'extra', '--out', p('x.json')], 'train takes no arguments besides options; unexpected "extra"'],
  [() => ['train', '--out', p('missing-folder/x.json')], `cannot write ${p('missing-folder/x.json')}: no such file or folder`],
  [() => ['train', '--out', p('folder.json')], `cannot write ${p('folder.json')}: it is a folder, not a file`],
  [() => ['train', '--from', p('nope.json'), '--out', p('x.json')], `cannot read ${p('nope.json')}: no such file or folder`],
  [() => ['eval'], 'eval needs MODEL; missing MODEL (see eval --help)'],
  [() => ['eval', p('nan.json')], `${p('nan.json')}: weights.U.data[0] must be a finite number; got null`],
  [() => ['eval', p('newer.json')], `${p('newer.json')}: the model file is version 7, newer than this studio reads (version ${MODEL_VERSION}); open it with a newer RNN Studio`],
  [() => ['eval', p('broken.json')], new RegExp(`^${p('broken.json')}: not a model file: the text is not valid JSON \\(`)],
  [() => ['eval', p('folder.json')], `cannot read ${p('folder.json')}: it is a folder, not a file`],
  [() => ['predict', good, '3'], 'predict needs MODEL A B; missing B (see predict --help)'],
  [() => ['predict', good, '200', '1'], 'A must be a whole number from 0 to 127 for 8-bit sums; got 200'],
  [() => ['predict', good, '1', '-4'], 'B must be a whole number from 0 to 127 for 8-bit sums; got "-4"'],
  [() => ['predict', good, '1', '2', '3'], 'predict takes only MODEL A B; unexpected "3"'],
  [() => ['export', good, '--format', 'pickle', '--out', p('w.pkl')], '--format must be one of json, csv, npz, safetensors, onnx; got "pickle"'],
  [() => ['export', good, '--format', 'csv'], 'export needs --out the file to write'],
  [() => ['export', good, '--format', 'npz', '--dtype', 'f32', '--out', p('w.npz')], '--dtype applies to --format safetensors only; got --format npz'],
  [() => ['export', good, '--format', 'onnx', '--out', p('no/such/dir/w.onnx')], `cannot write ${p('no/such/dir/w.onnx')}: no such file or folder`],
  [() => ['bench', '--runs', 'many'], '--runs must be timed runs per figure, a whole number from 1 to 50 (default 5); got "many"'],
];

describe('cli refuses bad arguments and files', () => {
  it.each(cases)('%#: exit 2 with one line and no stack trace', async (args, message) => {
    const result = await runCli(args());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    const line = lines[0]!.replace(/^rnn-studio: /, '');
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
  });

  it('leaves nothing behind when an export or a train is refused', async () => {
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['broken.json', 'folder.json', 'good.json', 'nan.json', 'newer.json']);
  });
});
