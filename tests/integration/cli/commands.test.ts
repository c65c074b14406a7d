import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { evaluate, predict } from '@shared/rnn/index';
import { EXPORT_FORMATS } from '@shared/export/formats';
import { jsonLine, readModel, runCli, tempDirForFile, trainedModelForFile } from './runCli';

const temp = tempDirForFile();
const trained = trainedModelForFile(temp, 'model.json', ['--iterations', '4000', '--seed', '11', '--bias', 'on', '--activation', 'tanh']);

describe('cli commands', () => {
  it('prints the usage with --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['train', 'eval', 'predict', 'inspect', 'export', 'bench']) expect(result.stdout).toContain(`  ${command}`);
    const train = await runCli(['train', '--help']);
    expect(train.code).toBe(0);
    for (const flag of ['--bits', '--hidden', '--lr', '--iterations', '--seed', '--activation', '--bias', '--init', '--optimizer', '--batch', '--clip', '--rng', '--from', '--out']) {
      expect(train.stdout).toContain(flag);
    }
  });

  it('evaluates a saved model', async () => {
    const result = await runCli(['eval', trained.path]);
    expect(result.code).toBe(0);
    const e = evaluate(trained.model.weights, trained.model.config);
    expect(jsonLine(result)).toEqual({ accuracy: e.exact, bitAccuracy: e.bit, meanLoss: e.meanLoss, pairs: 16_384 });
  });

  it('predicts a sum with the bits and outputs MSB first', async () => {
    const result = await runCli(['predict', trained.path, '3', '74']);
    expect(result.code).toBe(0);
    const p = predict(trained.model.weights, trained.model.config, 3, 74);
    const line = jsonLine(result);
    expect(line).toEqual({ a: 3, b: 74, predicted: p.predicted, expected: 77, correct: p.correct, bits: p.bits, outputs: p.outputs });
    expect(line.bits).toMatch(/^[01]{8}$/);
    expect(line.outputs).toHaveLength(8);
  });

  it.each(EXPORT_FORMATS)('exports %s to the named file, leaving no temporary file', async (format) => {
    const out = temp.at(`weights-${format}.${format}`);
    const result = await runCli(['export', trained.path, '--format', format, '--out', out]);
    expect(result.code).toBe(0);
    const size = (await stat(out)).size;
    expect(size).toBeGreaterThan(0);
    expect(jsonLine(result)).toEqual({ format, out, bytes: size });
    expect((await readdir(temp.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    if (format === 'json') expect((await readModel(out)).weights.V!.data).toEqual(trained.model.weights.V!.data);
  });

  it('exports safetensors as float32 with --dtype f32', async () => {
    const f64 = temp.at('w64.safetensors');
    const f32 = temp.at('w32.safetensors');
    expect((await runCli(['export', trained.path, '--format', 'safetensors', '--out', f64])).code).toBe(0);
    expect((await runCli(['export', trained.path, '--format', 'safetensors', '--dtype', 'f32', '--out', f32])).code).toBe(0);
    expect((await stat(f32)).size).toBeLessThan((await stat(f64)).size);
  });

  it('replaces an existing export atomically', async () => {
    const out = temp.at('replace.csv');
    await writeFile(out, 'old');
    expect((await runCli(['export', trained.path, '--format', 'csv', '--out', out])).code).toBe(0);
    expect((await readFile(out, 'utf8')).startsWith('tensor,row,col,value')).toBe(true);
  });

  it('benchmarks: seven JSON lines', { timeout: 240_000 }, async () => {
    const result = await runCli(['bench', '--runs', '1']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ bench: 'train', preset: 'reference', bits: 8, hiddenSize: 16, runs: 1 });
    for (const key of ['firstRunItersPerSecond', 'coreItersPerSecond']) expect(lines[0]![key]).toBeGreaterThan(0);
    for (const [i, cell] of [[1, 'lstm'], [2, 'gru']] as const) {
      expect(lines[i]).toMatchObject({ bench: 'train', preset: cell, cell, bits: 8, hiddenSize: 16, runs: 1 });
      expect(lines[i]!.ofReference).toBeGreaterThan(0);
    }
    expect(lines[3]).toMatchObject({ bench: 'train', preset: 'bits32-hidden128', bits: 32, hiddenSize: 128, runs: 1 });
    expect(lines[4]).toMatchObject({ bench: 'evaluate', bits: 8, pairs: 16_384, runs: 3 });
    expect(lines[0]!.itersPerSecond).toBeGreaterThan(lines[3]!.itersPerSecond as number);
    expect(lines[3]!.itersPerSecond).toBeGreaterThan(0);
    expect(lines[4]!.ms).toBeGreaterThan(0);
    expect(lines[5]).toMatchObject({ bench: 'until-accuracy', seeds: '1-10', reached: 10, targetMs: 25 });
    expect(lines[5]!.medianMs).toBeGreaterThan(0);
    expect(lines[6]).toMatchObject({ bench: 'sweep', seeds: '1-100', rounds: 1, targetSpeedup: 1.7 });
    expect(lines[6]!.oneWorkerRunsPerSecond).toBeGreaterThan(0);
    expect(lines[6]!.twoWorkersRunsPerSecond).toBeGreaterThan(0);
    expect(lines[6]!.speedup).toBeCloseTo((lines[6]!.twoWorkersRunsPerSecond as number) / (lines[6]!.oneWorkerRunsPerSecond as number), 1);
  });
});
