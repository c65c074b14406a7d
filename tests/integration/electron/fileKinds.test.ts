import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../shared/node/atomicWrite';
import { ModelFiles } from '../../../electron/main/services/modelFiles';
import { FileTooLargeError, NotRegularFileError, readRegularFile } from '../../../shared/node/regularFile';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { sampleModel } from '../../unit/model-file/sampleModel';

let folder: string;
beforeAll(async () => (folder = await mkdtemp(join(tmpdir(), 'rnn-studio-kinds-'))));
afterAll(() => rm(folder, { recursive: true, force: true }));

/** The message a read is refused with. */
async function refusal(path: string): Promise<string> {
  try {
    await new ModelFiles().read(path);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${path} was opened`);
}

describe.runIf(process.platform !== 'win32')('the file service reads regular files only', () => {
  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = join(folder, 'pipe.rnnmodel');
    execFileSync('mkfifo', [fifo]);
    const started = performance.now();
    expect(await refusal(fifo)).toBe('"pipe.rnnmodel" cannot be opened: it is a named pipe (FIFO), not a regular file. The open model is unchanged.');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses /dev/zero, whose size reads 0', async () => {
    expect(await refusal('/dev/zero')).toBe('"zero" cannot be opened: it is a character device, not a regular file. The open model is unchanged.');
  });

  it.runIf(process.platform === 'linux')('caps what it reads, not what stat says: a file whose size reads 0 but holds more is refused', async () => {
    // /proc files are regular files that report size 0.
    expect((await stat('/proc/self/status')).size).toBe(0);
    const text = new TextDecoder().decode(await readRegularFile('/proc/self/status', 1 << 20));
    expect(text).toContain('Name:');
    await expect(readRegularFile('/proc/self/status', 16)).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(readRegularFile('/dev/null', 16)).rejects.toBeInstanceOf(NotRegularFileError);
  });

  it('never quotes the content of a file that is not a model', async () => {
    const path = join(folder, 'passwd');
    await writeFile(path, 'root:x:0:0:secret-token:/root:/bin/bash\n\x1b[2Jdaemon:x:1:1::/:\n');
    const message = await refusal(path);
    expect(message).toBe('"passwd" cannot be opened: not a model file: the text is not valid JSON (unexpected \'r\' at line 1, column 1). The open model is unchanged.');
  });

  it('opens a model through a symbolic link', async () => {
    const target = join(folder, 'target.rnnmodel');
    await writeFile(target, serializeModel(sampleModel()));
    await symlink('target.rnnmodel', join(folder, 'via-link.rnnmodel'));
    expect((await new ModelFiles().read(join(folder, 'via-link.rnnmodel'))).model.config.seed).toBe(1234);
  });
});

describe.runIf(process.platform !== 'win32')('atomic writes go through links and refuse what is not a regular file', () => {
  it('replaces the target of a link, keeping the link and the 0600 mode', async () => {
    const target = join(folder, 'kept.rnnmodel');
    const link = join(folder, 'kept-link.rnnmodel');
    await writeFile(target, 'old');
    await chmod(target, 0o600);
    await symlink(target, link);
    await new ModelFiles().save(link, sampleModel());
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(target);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(parseModelFile(await readFile(target, 'utf8')).config.seed).toBe(1234);
  });

  it('keeps a mode the umask would narrow (0666)', async () => {
    const path = join(folder, 'shared.txt');
    await writeFile(path, 'a');
    await chmod(path, 0o666);
    await writeFileAtomic(path, 'b');
    expect((await stat(path)).mode & 0o777).toBe(0o666);
  });

  it('refuses /dev/full and a FIFO, leaving them as they were', async () => {
    await expect(new ModelFiles().save('/dev/full', sampleModel())).rejects.toThrow('"full" could not be written in /dev: it is a character device, not a regular file. Any file that was there is unchanged.');
    expect((await stat('/dev/full')).isCharacterDevice()).toBe(true);
    const fifo = join(folder, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(writeFileAtomic(fifo, 'x')).rejects.toBeInstanceOf(NotRegularFileError);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('resolves a relative link from the folder it physically sits in, as the system does', async () => {
    await mkdir(join(folder, 'real', 'sub'), { recursive: true });
    await writeFile(join(folder, 'real', 'target.txt'), 'old');
    await symlink('../target.txt', join(folder, 'real', 'sub', 'link.txt'));
    await symlink(join(folder, 'real', 'sub'), join(folder, 'sub-link'));
    await writeFileAtomic(join(folder, 'sub-link', 'link.txt'), 'new');
    expect(await readFile(join(folder, 'real', 'target.txt'), 'utf8')).toBe('new');
    expect(await readFile(join(folder, 'sub-link', 'link.txt'), 'utf8')).toBe('new');
    expect((await lstat(join(folder, 'real', 'sub', 'link.txt'))).isSymbolicLink()).toBe(true);
  });

  it('refuses a loop of links with ELOOP', async () => {
    await symlink('loop-b', join(folder, 'loop-a'));
    await symlink('loop-a', join(folder, 'loop-b'));
    await expect(writeFileAtomic(join(folder, 'loop-a'), 'x')).rejects.toMatchObject({ code: 'ELOOP' });
  });
});
