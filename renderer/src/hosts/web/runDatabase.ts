/**
 * The browser's run library: one IndexedDB record per run, keyed by its id,
 * holding the run file's text; the oldest runs go beyond the library's limit,
 * as on the desktop.
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
  return (await all()).map((r) => r.text);
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
