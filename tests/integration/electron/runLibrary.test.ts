import { lstat, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunLibrary } from '../../../electron/main/services/runLibrary';
import { resolveConfig } from '@shared/rnn/config';
import { RunRecorder } from '@shared/run/runRecorder';
import { entryFromRecorder, parseRunEntry, serializeRunEntry, RUN_LOSS_POINTS } from '@shared/run/library/runEntry';
import type { FromTrainer, Port } from '@shared/trainer/contract';
import { TrainerService } from '@shared/trainer/trainerService';
import { immediateScheduler } from '@shared/trainer/scheduler';

let folder: string;
beforeEach(async () => (folder = join(await mkdtemp(join(tmpdir(), 'rnn-runs-')), 'runs')));
afterEach(() => rm(join(folder, '..'), { recursive: true, force: true }));

/** A real run through the trainer service and the shared recorder. */
async function recordedRun(seed: number, iterations: number): Promise<RunRecorder> {
  const recorder = new RunRecorder({ clock: () => 1_700_000_000_000 + seed });
  const config = resolveConfig({ seed, iterations, hiddenSize: 6, untilAccuracy: 0.2, evalEvery: 50 });
  recorder.begin({ config });
  let deliver: (m: unknown) => void = () => {};
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const port: Port = {
    post: (m: FromTrainer) => {
      recorder.receive(m);
      if (m.type === 'finished') finished();
    },
    onMessage: (h) => void (deliver = h),
  };
  const service = new TrainerService(port, { scheduler: immediateScheduler() });
  deliver({ type: 'start', config });
  await done;
  service.dispose();
  return recorder;
}

const text = (recorder: RunRecorder, id: string, label = `run ${id}`) => serializeRunEntry(entryFromRecorder(recorder, id, label)!);

describe('run library', () => {
  it('keeps each run in its own file, reads it back whole, relabels and deletes', async () => {
    const recorder = await recordedRun(1, 3000);
    const library = new RunLibrary(folder);
    await library.save(text(recorder, 'a1'));
    await library.save(text(await recordedRun(2, 600), 'b2'));
    expect((await readdir(folder)).sort()).toEqual(['a1.rnnrun', 'b2.rnnrun']);

    const [first, second] = (await library.list()).map(parseRunEntry);
    expect(first!.id).toBe('a1');
    expect(second!.id).toBe('b2');
    expect(first!.model.config).toEqual(recorder.record.config);
    expect(first!.model.weights).toEqual(recorder.record.weights);
    expect(first!.reachedAt).toBe(recorder.record.reachedAt);
    expect(first!.reachedAt! % 50).toBe(0);
    expect(first!.model.lossHistory.values.length).toBeLessThanOrEqual(RUN_LOSS_POINTS);
    expect(first!.accuracy.x.length).toBeGreaterThan(0);
    expect(first!.ranAt).toBe(1_700_000_000_001);

    await library.save(text(recorder, 'a1', 'renamed'));
    expect((await library.list()).map((t) => parseRunEntry(t).label)).toEqual(['renamed', 'run b2']);
    await library.remove('a1');
    expect((await library.list()).map((t) => parseRunEntry(t).id)).toEqual(['b2']);
    await library.remove('a1');
  });

  it('keeps only the newest runs beyond its limit', async () => {
    const library = new RunLibrary(folder, 2);
    for (const seed of [3, 1, 2]) await library.save(text(await recordedRun(seed, 200), `s${seed}`));
    expect((await library.list()).map((t) => parseRunEntry(t).id)).toEqual(['s2', 's3']);
  });

  it('skips damaged files and refuses bad input with a message', async () => {
    const skipped: string[] = [];
    const library = new RunLibrary(folder, 10, (file, problem) => skipped.push(`${file}: ${problem}`));
    await library.save(text(await recordedRun(4, 200), 'ok'));
    const good = (await library.list())[0]!;
    await writeFile(join(folder, 'broken.rnnrun'), '{"format": "rnn-studio-run"');
    await writeFile(join(folder, 'other.rnnrun'), good);
    expect((await library.list()).map((t) => parseRunEntry(t).id)).toEqual(['ok']);
    expect(skipped.sort()).toEqual(['broken.rnnrun: not a run file: the text is not valid JSON', 'other.rnnrun: its id ok does not match its name']);
    await expect(library.save('{}')).rejects.toThrow('The run could not be kept: not a run file: format must be "rnn-studio-run".');
    await expect(library.remove('../x')).rejects.toThrow('A run id is letters, digits and dashes.');
  });

  it.runIf(process.platform !== 'win32')('replaces a link in the runs folder with its own file, never writing where the link points', async () => {
    const outside = join(folder, '..', 'outside.txt');
    await writeFile(outside, 'not the library\'s');
    const library = new RunLibrary(folder);
    await library.save(text(await recordedRun(5, 200), 'first'));
    await symlink(outside, join(folder, 'taken.rnnrun'));
    const run = text(await recordedRun(6, 200), 'taken');
    await library.save(run);
    expect(await readFile(outside, 'utf8')).toBe('not the library\'s');
    expect((await lstat(join(folder, 'taken.rnnrun'))).isFile()).toBe(true);
    expect(await readFile(join(folder, 'taken.rnnrun'), 'utf8')).toBe(run);
  });

  it('saves a run without reading the other runs again, and still keeps only the newest', async () => {
    const skipped: string[] = [];
    const library = new RunLibrary(folder, 3, (file) => skipped.push(file));
    const recorder = await recordedRun(7, 200);
    for (const [i, id] of ['r1', 'r2', 'r3'].entries()) await library.save(text(recorder, id).replace(/"ranAt":\d+/, `"ranAt":${1000 + i}`));
    expect((await library.list()).map((t) => parseRunEntry(t).id)).toEqual(['r1', 'r2', 'r3']);
    // A file the library has read already, changed behind its back: a save that read the folder again would say so.
    await writeFile(join(folder, 'r2.rnnrun'), 'damaged since');
    await library.save(text(recorder, 'r4').replace(/"ranAt":\d+/, '"ranAt":2000'));
    expect(skipped).toEqual([]);
    expect((await readdir(folder)).sort()).toEqual(['r2.rnnrun', 'r3.rnnrun', 'r4.rnnrun']);
  });
});
