/**
 * The browser's run library on IndexedDB (fake-indexeddb, a complete
 * implementation of the API in memory): saving, the order of the runs,
 * deleting, and the limit past which the oldest runs go.
 */

import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_LIBRARY_RUNS, MAX_RUN_ENTRY_BYTES, runEntryKey, serializeRunEntry, type RunEntry } from '@shared/run/library/runEntry';
import { trainedEntry } from '../run/trainedEntry';

type RunDatabase = typeof import('@/hosts/web/runDatabase');
let openStudioDatabase: typeof import('@/hosts/web/studioDatabase')['openStudioDatabase'];

let template: RunEntry;
let db: RunDatabase;

/** The template run under another id and time. */
function runText(id: string, ranAt: number): string {
  return serializeRunEntry({ ...template, id, label: id, ranAt });
}

const keys = (texts: string[]): string[] => texts.map((t) => runEntryKey(t).id);

beforeAll(async () => {
  template = await trainedEntry('template', { iterations: 200 });
});

beforeEach(async () => {
  // A fresh, empty database for each test, and the module that caches its connection loaded anew.
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.resetModules();
  db = await import('@/hosts/web/runDatabase');
  ({ openStudioDatabase } = await import('@/hosts/web/studioDatabase'));
});

describe('the browser run library', () => {
  it('keeps every run saved, oldest first, and forgets a deleted one', async () => {
    await db.saveRun(runText('b', 2000));
    await db.saveRun(runText('a', 1000));
    await db.saveRun(runText('c', 2000));
    expect(keys(await db.listRuns())).toEqual(['a', 'b', 'c']);
    // Saving a run again (a relabel) replaces it instead of adding one.
    await db.saveRun(serializeRunEntry({ ...template, id: 'b', label: 'renamed', ranAt: 2000 }));
    const texts = await db.listRuns();
    expect(keys(texts)).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(texts[1]!).label).toBe('renamed');
    await db.deleteRun('b');
    expect(keys(await db.listRuns())).toEqual(['a', 'c']);
  });

  it('refuses a malformed id or an oversized text with a clear message, and keeps what it had', async () => {
    await db.saveRun(runText('kept', 1));
    await expect(db.deleteRun('../kept')).rejects.toThrow('A run id is letters, digits and dashes.');
    await expect(db.saveRun('x'.repeat(MAX_RUN_ENTRY_BYTES + 1))).rejects.toThrow(/A run is at most \d+ bytes/);
    await expect(db.saveRun('{"format":"other"}')).rejects.toThrow(/not a run file/);
    expect(keys(await db.listRuns())).toEqual(['kept']);
  });

  it(`keeps the newest ${MAX_LIBRARY_RUNS} runs: past the limit the oldest goes, even when the run just saved is the oldest`, async () => {
    for (let i = 0; i < MAX_LIBRARY_RUNS; i++) await db.saveRun(runText(`run-${i}`, 10_000 + i));
    expect(await db.listRuns()).toHaveLength(MAX_LIBRARY_RUNS);

    await db.saveRun(runText('newest', 50_000));
    let ids = keys(await db.listRuns());
    expect(ids).toHaveLength(MAX_LIBRARY_RUNS);
    expect(ids[0]).toBe('run-1');
    expect(ids.at(-1)).toBe('newest');

    await db.saveRun(runText('older-than-all', 5));
    ids = keys(await db.listRuns());
    expect(ids).toHaveLength(MAX_LIBRARY_RUNS);
    expect(ids).not.toContain('older-than-all');
    expect(ids[0]).toBe('run-1');
  }, 60_000);

  it('lists a run filed under another key than its own id once, under its id, so that deleting it deletes it', async () => {
    await db.saveRun(runText('b', 2000));
    // Records whose key is not the id in their text: one a stale copy of b, one the only copy of c.
    const raw = await openStudioDatabase();
    const store = raw.transaction('runs', 'readwrite').objectStore('runs');
    store.put({ id: 'stale', ranAt: 2000, text: runText('b', 2000) });
    store.put({ id: 'misfiled', ranAt: 3000, text: runText('c', 3000) });
    await new Promise((resolve) => (store.transaction.oncomplete = resolve));
    raw.close();

    expect(keys(await db.listRuns())).toEqual(['b', 'c']);
    await db.deleteRun('b');
    await db.deleteRun('c');
    expect(await db.listRuns()).toEqual([]);
  });
});
