/**
 * What keeping a run costs the desktop's run library when it already holds a
 * thousand: a library of 1 000 runs of about 34 KB each (the reference preset
 * trained to 100 %) on disk, opened as at a launch, then runs saved into it one
 * after another, each pushing the oldest out. Prints one JSON line: the list at
 * launch and the median save, in milliseconds.
 * `node --import tsx tests/bench/runLibraryBench.ts [saves]`
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_LIBRARY_RUNS, serializeRunEntry } from '../../shared/run/library/runEntry';
import { RunLibrary } from '../../electron/main/services/runLibrary';
import { trainedEntry } from '../unit/run/trainedEntry';

const saves = Number(process.argv[2] ?? 50);
const template = await trainedEntry('template', {});
const textOf = (i: number): string => serializeRunEntry({ ...template, id: `run-${String(i).padStart(5, '0')}`, label: `run ${i}`, ranAt: 1_700_000_000_000 + i });

const root = await mkdtemp(join(tmpdir(), 'rnn-run-library-bench-'));
const folder = join(root, 'runs');
try {
  await mkdir(folder);
  for (let i = 0; i < MAX_LIBRARY_RUNS; i++) await writeFile(join(folder, `run-${String(i).padStart(5, '0')}.rnnrun`), textOf(i));
  const library = new RunLibrary(folder);
  let started = performance.now();
  const listed = await library.list();
  const listMs = performance.now() - started;
  const times: number[] = [];
  for (let k = 0; k < saves; k++) {
    const text = textOf(MAX_LIBRARY_RUNS + k);
    started = performance.now();
    await library.save(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  console.log(JSON.stringify({
    bench: 'run library save with 1000 runs kept',
    runs: listed.length,
    entryKB: Math.round(textOf(0).length / 102.4) / 10,
    listMs: round(listMs),
    saveMs: round(times[Math.floor(times.length / 2)]!),
    slowestSaveMs: round(times.at(-1)!),
    saves,
  }));
} finally {
  await rm(root, { recursive: true, force: true });
}
