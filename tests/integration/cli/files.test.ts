import { execFileSync, spawnSync } from 'node:child_process';
import { lstat, readFile, readdir, readlink, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_TRAINING_ITERATIONS } from '@shared/model-file/model';
import { jsonLine, readModel, refusal, runCli, tempDirForFile, trainedModelForFile } from './runCli';

const posix = process.platform !== 'win32';
const temp = tempDirForFile();
const good = trainedModelForFile(temp, 'good.rnnmodel', ['--iterations', '50', '--seed', '3']);
const adam = trainedModelForFile(temp, 'adam.rnnmodel', ['--iterations', '50', '--seed', '3', '--optimizer', 'adam', '--lr', '0.01']);

function withIterations(iterations: number): string {
  const text = good.text.replace(/("training": \{\n\s*"iterations": )\d+/, `$1${iterations}`);
  expect(text).not.toBe(good.text);
  return text;
}

describe.runIf(posix)('cli reads only regular files, and only up to the cap', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = temp.at('pipe.rnnmodel');
    execFileSync('mkfifo', [fifo]);
    const started = performance.now();
    expect(refusal(await runCli(['eval', fifo]))).toBe(`rnn-studio: cannot read ${fifo}: it is a named pipe (FIFO), not a regular file`);
    expect(refusal(await runCli(['train', '--from', fifo, '--out', temp.at('x.rnnmodel')]))).toMatch(/it is a named pipe \(FIFO\), not a regular file$/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('refuses /dev/zero, whose size reads 0, rather than reading it until memory runs out', async () => {
    expect(refusal(await runCli(['eval', '/dev/zero']))).toBe('rnn-studio: cannot read /dev/zero: it is a character device, not a regular file');
    expect(refusal(await runCli(['predict', '/dev/zero', '1', '2']))).toMatch(/character device/);
  });
});

describe.runIf(posix)('cli writes through links, keeps permissions and refuses what is not a regular file', () => {
  it('refuses --out /dev/full before training and leaves the device alone', async () => {
    expect(refusal(await runCli(['train', '--iterations', '10', '--out', '/dev/full']))).toBe('rnn-studio: cannot write /dev/full: it is a character device, not a regular file');
    expect(refusal(await runCli(['export', good.path, '--format', 'csv', '--out', '/dev/full']))).toMatch(/cannot write \/dev\/full: it is a character device/);
    expect((await stat('/dev/full')).isCharacterDevice()).toBe(true);
  });

  it('refuses a FIFO at --out', async () => {
    const fifo = temp.at('out-pipe.rnnmodel');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(await runCli(['train', '--iterations', '10', '--out', fifo]))).toBe(`rnn-studio: cannot write ${fifo}: it is a named pipe (FIFO), not a regular file`);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('writes through a symbolic link to its target, keeping the link and the 0600 mode', async () => {
    const target = temp.at('private.rnnmodel');
    const link = temp.at('link.rnnmodel');
    await writeFile(target, 'old');
    await chmod(target, 0o600);
    await symlink('private.rnnmodel', link);
    const result = await runCli(['train', '--iterations', '20', '--seed', '4', '--out', link]);
    expect(result.code).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('private.rnnmodel');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readModel(target)).training.iterations).toBe(20);
    expect((await readdir(temp.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('creates the missing target of a dangling link, and keeps a 0640 export target so', async () => {
    const link = temp.at('dangling.csv');
    await symlink('created.csv', link);
    expect((await runCli(['export', good.path, '--format', 'csv', '--out', link])).code).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await readFile(temp.at('created.csv'), 'utf8')).startsWith('tensor,row,col,value')).toBe(true);
    await chmod(temp.at('created.csv'), 0o640);
    expect((await runCli(['export', good.path, '--format', 'csv', '--out', link])).code).toBe(0);
    expect((await stat(temp.at('created.csv'))).mode & 0o777).toBe(0o640);
  });
});

describe('cli parse errors are one printable line naming the line and column', () => {
  it.each([
    ['a binary file', Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0xff, 0x0a, 0x07, 0x80]), "the text is not valid JSON (unexpected U+001B at line 1, column 1)"],
    ['a file of several lines', Buffer.from('{\n  "format": "rnn-studio-model",\n  "version" 1\n}\n'), "the text is not valid JSON (expected ':', found '1' at line 3, column 13)"],
    ['a terminal escape inside a string', Buffer.from('{"format": "\x1b]0;owned\x07"}'), 'the text is not valid JSON (unexpected U+001B at line 1, column 13)'],
  ])('%s', async (_name, bytes, message) => {
    const path = temp.at('bad.rnnmodel');
    await writeFile(path, bytes);
    const line = refusal(await runCli(['eval', path]));
    expect(line).toBe(`rnn-studio: ${path}: not a model file: ${message}`);
    expect(line).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe('cli bounds training.iterations so that every continuation counts exactly', () => {
  it('refuses a file past the bound', async () => {
    const path = temp.at('over.rnnmodel');
    await writeFile(path, withIterations(MAX_TRAINING_ITERATIONS + 1));
    expect(refusal(await runCli(['eval', path]))).toBe(`rnn-studio: ${path}: training.iterations must be a whole number from 0 to ${MAX_TRAINING_ITERATIONS}; got ${MAX_TRAINING_ITERATIONS + 1}`);
  });

  it('refuses --iterations that would pass the bound, and continues exactly up to it', async () => {
    const near = temp.at('near.rnnmodel');
    const out = temp.at('at-bound.rnnmodel');
    await writeFile(near, withIterations(MAX_TRAINING_ITERATIONS - 5));
    expect(refusal(await runCli(['train', '--from', near, '--iterations', '6', '--out', out]))).toBe(
      `rnn-studio: --iterations 6 would take the model past ${MAX_TRAINING_ITERATIONS} iterations, the most a model file holds; it has done ${MAX_TRAINING_ITERATIONS - 5}, so at most 5 more can run`,
    );
    const result = await runCli(['train', '--from', near, '--iterations', '5', '--out', out]);
    expect(result.code).toBe(0);
    expect(jsonLine(result).iterations).toBe(MAX_TRAINING_ITERATIONS);
    expect((await readModel(out)).training.iterations).toBe(MAX_TRAINING_ITERATIONS);
  });

  it('refuses a loss history whose losses add up past the float64 maximum when read, not after training', async () => {
    const huge = temp.at('huge-history.rnnmodel');
    await writeFile(huge, good.text.replace(/"lossHistory": \{ "stride": \d+, "values": \[[^\]]*\]/, '"lossHistory": { "stride": 2, "values": [1.5e308]'));
    expect(refusal(await runCli(['train', '--from', huge, '--iterations', '10', '--out', temp.at('from-huge.rnnmodel')]))).toBe(
      `rnn-studio: ${huge}: lossHistory.values add up, over the 50 iterations they cover, to more than a float64 holds; no run's mean losses are so large`,
    );
  });

  it("refuses an Adam step count past the iterations done, so --from = --out at the bound writes a file that opens", async () => {
    const text = (await readFile(adam.path, 'utf8')).replace(/("kind": "adam", "t": )\d+/, (_, head) => `${head}STEPS`);
    expect(text).toContain('"t": STEPS');
    const beyond = temp.at('adam-beyond.rnnmodel');
    await writeFile(beyond, text.replace('STEPS', String(Number.MAX_SAFE_INTEGER)));
    expect(refusal(await runCli(['train', '--from', beyond, '--iterations', '10', '--out', beyond]))).toBe(
      `rnn-studio: ${beyond}: state.optimizer.t is ${Number.MAX_SAFE_INTEGER}, more Adam steps than the 50 iterations done (training.iterations)`,
    );
    // Every iteration an Adam step, up to the most a file holds: ten more reach it, and the file opens again.
    const near = temp.at('adam-near.rnnmodel');
    const bound = MAX_TRAINING_ITERATIONS - 10;
    await writeFile(near, text.replace('STEPS', String(bound)).replace(/("training": \{\n\s*"iterations": )\d+/, `$1${bound}`));
    const result = await runCli(['train', '--from', near, '--iterations', '10', '--out', near]);
    expect(result.code, result.stderr).toBe(0);
    const continued = await readModel(near);
    expect(continued.training.iterations).toBe(MAX_TRAINING_ITERATIONS);
    expect(continued.state?.optimizer).toMatchObject({ kind: 'adam', t: MAX_TRAINING_ITERATIONS });
  });
});

describe.runIf(posix)('cli writes after a writer killed mid-write', () => {
  it("removes the temporary files of writers no longer running beside its target, and leaves a live writer's and other targets' alone", async () => {
    const target = temp.at('after-kill.rnnmodel');
    // A process that has ended: its id names a writer that cannot come back for its file.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = `.after-kill.rnnmodel.${gone}.0123456789ab.tmp`;
    const live = `.after-kill.rnnmodel.${process.pid}.0123456789ab.tmp`;
    const other = `.other.rnnmodel.${gone}.0123456789ab.tmp`;
    for (const name of [stale, live, other]) await writeFile(temp.at(name), 'half a model');
    const result = await runCli(['train', '--iterations', '20', '--seed', '4', '--out', target]);
    expect(result.code).toBe(0);
    const left = await readdir(temp.path);
    expect(left).not.toContain(stale);
    expect(left).toEqual(expect.arrayContaining([live, other]));
    expect((await readModel(target)).training.iterations).toBe(20);
  });
});
