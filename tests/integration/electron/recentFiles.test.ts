/** Recent files and settings, persisted in a real temporary user-data folder. */

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_FILES, RecentFiles } from '../../../electron/main/services/recentFiles';
import { SettingsStore } from '../../../electron/main/services/settingsStore';

const posix = process.platform !== 'win32';
let folder: string;
let store: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rnn-studio-recent-'));
  store = join(folder, 'recent-files.json');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function modelFile(name: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, '{}');
  return path;
}

describe('recent files', () => {
  it('lists most recent first, moves a reopened file to the top instead of repeating it, and persists', async () => {
    const [a, b, c] = [await modelFile('a.rnnmodel'), await modelFile('b.rnnmodel'), await modelFile('c.rnnmodel')];
    const recent = new RecentFiles(store);
    await recent.add(a);
    await recent.add(b);
    await recent.add(c);
    await recent.add(a);
    expect((await recent.list()).files).toEqual([
      { path: a, name: 'a.rnnmodel' },
      { path: c, name: 'c.rnnmodel' },
      { path: b, name: 'b.rnnmodel' },
    ]);
    const reloaded = new RecentFiles(store);
    expect((await reloaded.list()).files.map((f) => f.name)).toEqual(['a.rnnmodel', 'c.rnnmodel', 'b.rnnmodel']);
    expect(JSON.parse(await readFile(store, 'utf8'))).toEqual({ version: 1, files: [a, c, b] });
  });

  it(`keeps at most ${MAX_RECENT_FILES}`, async () => {
    const recent = new RecentFiles(store);
    const paths: string[] = [];
    for (let i = 0; i < 13; i++) {
      paths.push(await modelFile(`m${i}.rnnmodel`));
      await recent.add(paths[i]!);
    }
    const { files } = await recent.list();
    expect(files).toHaveLength(10);
    expect(files.map((f) => f.path)).toEqual(paths.slice(3).reverse());
  });

  it('treats the same file reached by a relative path as one entry', async () => {
    const a = await modelFile('a.rnnmodel');
    const recent = new RecentFiles(store);
    await recent.add(a);
    await recent.add(join(folder, '.', 'sub', '..', 'a.rnnmodel'));
    expect((await recent.list()).files).toEqual([{ path: a, name: 'a.rnnmodel' }]);
  });

  it('drops files that are gone, says which, and remembers that', async () => {
    const [a, b] = [await modelFile('a.rnnmodel'), await modelFile('b.rnnmodel')];
    const recent = new RecentFiles(store);
    await recent.add(a);
    await recent.add(b);
    await rm(a);
    expect(await recent.list()).toEqual({ files: [{ path: b, name: 'b.rnnmodel' }], dropped: [a] });
    expect(JSON.parse(await readFile(store, 'utf8')).files).toEqual([b]);
    expect((await new RecentFiles(store).list()).dropped).toEqual([]);
  });

  it('removes one entry and clears all', async () => {
    const [a, b] = [await modelFile('a.rnnmodel'), await modelFile('b.rnnmodel')];
    const recent = new RecentFiles(store);
    await recent.add(a);
    await recent.add(b);
    await recent.remove(b);
    expect(recent.current()).toEqual([a]);
    await recent.clear();
    expect((await new RecentFiles(store).list()).files).toEqual([]);
  });

  it('starts empty from a damaged store, reports it, and writes atomically afterwards', async () => {
    await writeFile(store, '{"files": 12');
    const problems: string[] = [];
    const recent = new RecentFiles(store, { onStoreError: (m) => problems.push(m) });
    expect((await recent.list()).files).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/recent files in .* are damaged and were reset/)]);
    await recent.add(await modelFile('a.rnnmodel'));
    expect((await readdir(folder)).sort()).toEqual(['a.rnnmodel', 'recent-files.json']);
  });

  it.runIf(posix)('reads a FIFO store at once as none, says so, and goes on in memory when the store cannot be written either', async () => {
    execFileSync('mkfifo', [store]);
    const problems: string[] = [];
    const recent = new RecentFiles(store, { onStoreError: (m) => problems.push(m) });
    // A plain read of a FIFO waits for a writer forever; the first window waited with it.
    expect(await settleWithin(2000, recent.list())).toEqual({ files: [], dropped: [] });
    expect(problems).toEqual([`recent files could not be read from ${store}: it is a named pipe (FIFO), not a regular file`]);
    const a = await modelFile('a.rnnmodel');
    await expect(recent.add(a)).resolves.toEqual([{ path: a, name: 'a.rnnmodel' }]);
    expect(problems[1]).toBe(`recent files could not be written to ${store}: it is a named pipe (FIFO), not a regular file`);
    expect(recent.current()).toEqual([a]);
  });

  it('reads a store past its size cap as none', async () => {
    await writeFile(store, `{"files": [], "padding": "${' '.repeat(2 * 1024 * 1024)}"}`);
    const problems: string[] = [];
    expect((await new RecentFiles(store, { onStoreError: (m) => problems.push(m) }).list()).files).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^recent files could not be read from .*: the file has at least \d+ bytes$/)]);
  });

  it('ignores entries that are not paths and duplicates in a hand-edited store', async () => {
    const a = await modelFile('a.rnnmodel');
    await writeFile(store, JSON.stringify({ version: 1, files: [a, 7, '', a, null] }));
    expect((await new RecentFiles(store).list()).files).toEqual([{ path: a, name: 'a.rnnmodel' }]);
  });
});

describe('settings', () => {
  it('round-trips the valid settings and drops invalid or unknown ones', async () => {
    const settings = new SettingsStore(join(folder, 'settings.json'));
    expect(await settings.load()).toBeNull();
    await settings.save({ hiddenSize: 24, learningRate: 0.05, optimizer: 'adam', bits: 99, colour: 'red' });
    expect(await settings.load()).toEqual({ hiddenSize: 24, learningRate: 0.05, optimizer: 'adam' });
  });

  it('treats a damaged settings file as none', async () => {
    const path = join(folder, 'settings.json');
    await writeFile(path, 'not json');
    expect(await new SettingsStore(path).load()).toBeNull();
  });

  it.runIf(posix)('reads a FIFO or an oversized file at once as no settings, and says so', async () => {
    const fifo = join(folder, 'settings.json');
    execFileSync('mkfifo', [fifo]);
    const problems: string[] = [];
    expect(await settleWithin(2000, new SettingsStore(fifo, (m) => problems.push(m)).load())).toBeNull();
    expect(problems).toEqual([`settings could not be read from ${fifo}: it is a named pipe (FIFO), not a regular file`]);
    const large = join(folder, 'large-settings.json');
    await writeFile(large, `{"hiddenSize": 8, "padding": "${' '.repeat(1024 * 1024)}"}`);
    expect(await new SettingsStore(large).load()).toBeNull();
  });
});

/** The promise's value, or a failure when it takes longer than `ms`. */
function settleWithin<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref())]);
}
