/**
 * The browser's run library: one IndexedDB record per run, keyed by its id,
 * holding the run file's text; the oldest runs go beyond the library's limit,
 * as on the desktop. The id inside the text is the run's id: a record filed
 * under another key is moved to its own when the library is listed (or, when
 * a record of that id is there already, dropped as a stale copy), so no run
 * shows twice and every run listed can be deleted by its id.
 */

import { HostError } from '@shared/api/studioApi';
import { RUNS_STORE, openStudioDatabase } from './studioDatabase';
import { MAX_LIBRARY_RUNS, MAX_RUN_ENTRY_BYTES, isRunId, runEntryKey } from '@shared/run/library/runEntry';

const STORE = RUNS_STORE;

interface StoredRun {
  id: string;
  ranAt: number;
  text: string;
}

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= openStudioDatabase().catch((error: unknown) => {
    opening = null;
    throw new HostError(`The run library could not be opened: ${error instanceof Error ? error.message : String(error)}.`);
  });
  return opening;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new HostError(`The run library failed: ${request.error?.message ?? 'unknown error'}.`));
  });
}

async function all(): Promise<StoredRun[]> {
  const db = await database();
  const runs = (await done(db.transaction(STORE).objectStore(STORE).getAll())) as StoredRun[];
  return runs.sort((a, b) => a.ranAt - b.ranAt || (a.id < b.id ? -1 : 1));
}

export async function listRuns(): Promise<string[]> {
  const runs = await all();
  const keyed = new Set(runs.map((r) => r.id));
  const listed: string[] = [];
  for (const run of runs) {
    let own: { id: string; ranAt: number } | null = null;
    try {
      own = runEntryKey(run.text);
    } catch {
      // Damaged text: listed as it is, for the page to report.
    }
    if (own && own.id !== run.id) {
      await refile(run, own, keyed.has(own.id));
      if (keyed.has(own.id)) continue;
      keyed.add(own.id);
    }
    listed.push(run.text);
  }
  return listed;
}

/** Moves a record to the key its text names; with a record there already, the misfiled one only goes. */
async function refile(run: StoredRun, own: { id: string; ranAt: number }, taken: boolean): Promise<void> {
  const db = await database();
  const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
  await Promise.all([done(store.delete(run.id)), ...(taken ? [] : [done(store.put({ id: own.id, ranAt: own.ranAt, text: run.text } satisfies StoredRun))])]);
}

export async function saveRun(text: string): Promise<void> {
  if (text.length > MAX_RUN_ENTRY_BYTES) throw new HostError(`A run is at most ${MAX_RUN_ENTRY_BYTES} bytes.`);
  // The page wrote the text itself: its key is enough here, and the whole entry is checked when the library is read.
  const entry = runEntryKey(text);
  const db = await database();
  const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
  // Counting is cheap; only a library over its limit is read whole to find its oldest runs.
  // A failed put (the quota, say) aborts the transaction: its own error is the one reported.
  const [, count] = await Promise.all([done(store.put({ id: entry.id, ranAt: entry.ranAt, text } satisfies StoredRun)), done(store.count())]);
  if (count <= MAX_LIBRARY_RUNS) return;
  const runs = await all();
  for (const old of runs.slice(0, Math.max(0, runs.length - MAX_LIBRARY_RUNS))) await deleteRun(old.id);
}

export async function deleteRun(id: string): Promise<void> {
  if (!isRunId(id)) throw new HostError('A run id is letters, digits and dashes.');
  const db = await database();
  await done(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(id));
}
