/** The main process's model-file service on real files in a temporary folder. */

import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeAtomicWriteFs, writeFileAtomic, type AtomicWriteFs } from '../../../shared/node/atomicWrite';
import { FileServiceError, ModelFiles, withExtension } from '../../../electron/main/services/modelFiles';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { MAX_MODEL_FILE_BYTES } from '@shared/model-file/model';
import { sampleModel } from '../../unit/model-file/sampleModel';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rnn-studio-files-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** An fs whose handle writes half the bytes and then fails, as a full disk would. */
function failingMidWrite(): AtomicWriteFs {
  return {
    ...nodeAtomicWriteFs,
    async open(path, flags, mode) {
      const handle = await nodeAtomicWriteFs.open(path, flags, mode);
      return {
        async writeFile(data) {
          const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
          await handle.writeFile(bytes.subarray(0, bytes.length >> 1));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

const failingRename: AtomicWriteFs = {
  ...nodeAtomicWriteFs,
  rename: async () => {
    throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' });
  },
};

describe('saving', () => {
  it('writes a model that reads back exactly, and Save As writes a second file leaving the first', async () => {
    const files = new ModelFiles();
    const model = sampleModel();
    const first = join(folder, 'adder.rnnmodel');
    expect(await files.save(first, model)).toEqual({ name: 'adder.rnnmodel', path: first });
    const reopened = await files.read(first);
    expect(reopened.name).toBe('adder.rnnmodel');
    expect(reopened.path).toBe(first);
    expect(serializeModel(reopened.model)).toBe(serializeModel(model));

    const changed = sampleModel({ seed: 99 });
    const second = join(folder, 'copy.rnnmodel');
    await files.save(second, changed);
    expect(await readFile(first, 'utf8')).toBe(serializeModel(model));
    expect(parseModelFile(await readFile(second, 'utf8')).config.seed).toBe(99);
  });

  it('replaces an existing file atomically and leaves no temporary files', async () => {
    const path = join(folder, 'm.rnnmodel');
    await writeFile(path, 'old');
    await new ModelFiles().save(path, sampleModel());
    expect(await readdir(folder)).toEqual(['m.rnnmodel']);
    expect(parseModelFile(await readFile(path, 'utf8')).training.iterations).toBe(500);
  });

  it('keeps the old file intact when the write fails midway, and says so', async () => {
    const path = join(folder, 'keep.rnnmodel');
    const old = serializeModel(sampleModel({ seed: 1 }));
    await writeFile(path, old);
    const files = new ModelFiles({ fs: failingMidWrite() });
    await expect(files.save(path, sampleModel({ seed: 2 }))).rejects.toThrow('"keep.rnnmodel" could not be written in ' + folder + ': the disk is full. Any file that was there is unchanged.');
    expect(await readFile(path, 'utf8')).toBe(old);
    expect(await readdir(folder)).toEqual(['keep.rnnmodel']);
  });

  it('keeps the old file intact when the rename fails', async () => {
    const path = join(folder, 'keep.rnnmodel');
    await writeFile(path, 'the old bytes');
    await expect(new ModelFiles({ fs: failingRename }).save(path, sampleModel())).rejects.toThrow(/permission denied\. Any file that was there is unchanged/);
    expect(await readFile(path, 'utf8')).toBe('the old bytes');
    expect(await readdir(folder)).toEqual(['keep.rnnmodel']);
  });

  it('reports a folder that does not exist', async () => {
    await expect(new ModelFiles().save(join(folder, 'nowhere', 'm.rnnmodel'), sampleModel())).rejects.toThrow(/could not be written in .*nowhere: it does not exist/);
  });

  it('refuses to write a model whose file could not be opened again', async () => {
    const model = sampleModel();
    model.weights.U!.data[3] = Number.NaN;
    const path = join(folder, 'nan.rnnmodel');
    await expect(new ModelFiles().save(path, model)).rejects.toThrow(/The model cannot be saved: weights\.U\.data\[3\] is NaN/);
    await expect(readdir(folder)).resolves.toEqual([]);
  });

  it('exports weights atomically in the chosen format', async () => {
    const path = join(folder, 'w.npz');
    const saved = await new ModelFiles().export(path, sampleModel(), 'npz', 'w');
    expect(saved).toEqual({ name: 'w.npz', path });
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    await expect(new ModelFiles().export(join(folder, 'x.bin'), sampleModel(), 'pickle' as never, 'x')).rejects.toThrow(/cannot be exported as pickle: unknown export format/);
  });

  it('adds the extension a save dialog left off', () => {
    expect(withExtension('/a/model', 'rnnmodel')).toBe('/a/model.rnnmodel');
    expect(withExtension('/a/model.json', 'rnnmodel')).toBe('/a/model.json');
  });
});

describe('opening', () => {
  async function refusal(name: string, content: string | Uint8Array): Promise<string> {
    const path = join(folder, name);
    await writeFile(path, content);
    const error = await new ModelFiles().read(path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileServiceError);
    return (error as Error).message;
  }

  const valid = () => JSON.parse(serializeModel(sampleModel())) as Record<string, unknown>;

  it('rejects every kind of bad file with a message naming the problem, and the model stays unchanged', async () => {
    expect(await refusal('e.rnnmodel', '')).toMatch(/^"e\.rnnmodel" cannot be opened: not a model file: the text is not valid JSON .*\. The open model is unchanged\.$/);
    expect(await refusal('t.rnnmodel', '{"format": "rnn-studio-model", ')).toMatch(/not valid JSON/);
    expect(await refusal('a.rnnmodel', '[1, 2]')).toMatch(/expected a JSON object at the top level; got an array/);
    expect(await refusal('f.rnnmodel', JSON.stringify({ ...valid(), format: 'keras' }))).toMatch(/format is "keras"; expected "rnn-studio-model"/);
    expect(await refusal('v.rnnmodel', JSON.stringify({ ...valid(), version: 9 }))).toMatch(/version 9, newer than this studio reads/);
    const noConfig = valid();
    delete noConfig.config;
    expect(await refusal('c.rnnmodel', JSON.stringify(noConfig))).toMatch(/config is missing/);
    const badWeights = valid();
    (badWeights.weights as Record<string, { shape: number[] }>).U!.shape = [3, 16];
    expect(await refusal('w.rnnmodel', JSON.stringify(badWeights))).toMatch(/weights\.U/);
    expect(await refusal('b.rnnmodel', new Uint8Array([0xff, 0xfe, 0x00, 0x7b]))).toMatch(/it is not a text file \(model files are UTF-8 JSON, \.rnnmodel\)/);
  });

  it('names a missing file and a folder', async () => {
    await expect(new ModelFiles().read(join(folder, 'gone.rnnmodel'))).rejects.toThrow('"gone.rnnmodel" cannot be opened: it does not exist (or its folder does not). The open model is unchanged.');
    await mkdir(join(folder, 'dir.rnnmodel'));
    await expect(new ModelFiles().read(join(folder, 'dir.rnnmodel'))).rejects.toThrow(/cannot be opened: it is a folder/);
  });

  it('refuses a file over 105 MB before reading it', async () => {
    const path = join(folder, 'huge.rnnmodel');
    await writeFile(path, '');
    await truncate(path, MAX_MODEL_FILE_BYTES + 1);
    await expect(new ModelFiles().read(path)).rejects.toThrow('"huge.rnnmodel" cannot be opened: it is 105.0 MB; a model file can be at most 105 MB. The open model is unchanged.');
  });

  it('reads a file of exactly 105 MB (and then judges its content)', async () => {
    const path = join(folder, 'edge.rnnmodel');
    await writeFile(path, '');
    await truncate(path, MAX_MODEL_FILE_BYTES);
    await expect(new ModelFiles().read(path)).rejects.toThrow(/not valid JSON/);
  });

  it('checks text dropped without a path the same way', () => {
    const files = new ModelFiles();
    const opened = files.readText('dropped.rnnmodel', serializeModel(sampleModel()));
    expect(opened.path).toBeNull();
    expect(opened.model.config.seed).toBe(1234);
    expect(() => files.readText('x.json', '{}')).toThrow(/"x\.json" cannot be opened: not an RNN Studio model file: "format" is missing/);
    expect(() => files.readText('big.json', 'x'.repeat(MAX_MODEL_FILE_BYTES + 1))).toThrow(/at most 105 MB/);
  });
});

describe('atomic writes', () => {
  it('keeps the permissions of the file it replaces', async () => {
    if (process.platform === 'win32') return;
    const path = join(folder, 'mode.txt');
    await writeFile(path, 'a', { mode: 0o600 });
    await writeFileAtomic(path, 'b');
    const { stat } = await import('node:fs/promises');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('b');
  });
});
