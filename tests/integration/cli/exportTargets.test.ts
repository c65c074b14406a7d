/** Where `export` writes: never over the model it reads, and to any name a file can have. */

import { link, readFile, symlink } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { jsonLine, refusal, runCli, tempDirForFile, trainedModelForFile } from './runCli';

const posix = process.platform !== 'win32';
const temp = tempDirForFile();
const model = trainedModelForFile(temp, 'model.rnnmodel', ['--iterations', '50', '--seed', '3']);

describe('cli export refuses to write over its own input', () => {
  it.each(['json', 'csv', 'npz', 'safetensors', 'onnx'])('as %s, with exit 2 and the model untouched', async (format) => {
    const line = refusal(await runCli(['export', model.path, '--format', format, '--out', model.path]));
    expect(line).toBe(`rnn-studio: --out ${model.path} is the model file being exported (${model.path}); write the export to another file`);
    expect(await readFile(model.path, 'utf8')).toBe(model.text);
  });

  it.runIf(posix)('through a symbolic link and a hard link to it', async () => {
    const soft = temp.at('soft.csv');
    const hard = temp.at('hard.csv');
    await symlink(model.path, soft);
    await link(model.path, hard);
    for (const out of [soft, hard]) {
      expect(refusal(await runCli(['export', model.path, '--format', 'csv', '--out', out]))).toMatch(/is the model file being exported/);
    }
    // Read through the link, the model is the same file too.
    expect(refusal(await runCli(['export', soft, '--format', 'csv', '--out', model.path]))).toMatch(/is the model file being exported/);
    expect(await readFile(model.path, 'utf8')).toBe(model.text);
  });
});

describe.runIf(posix)('cli export takes any file name', () => {
  it.each([['a backslash', 'a\\b'], ['spaces alone', ' ']])('such as one with %s, and the archive names itself', async (_what, base) => {
    const out = temp.at(`${base}.npz`);
    const result = await runCli(['export', model.path, '--format', 'npz', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLine(result)).toMatchObject({ format: 'npz', out });
    const script = new TextDecoder().decode(unzipSync(await readFile(out))['predict.py']!);
    expect(script).toContain(JSON.stringify(`${base}.npz`));
  });
});
