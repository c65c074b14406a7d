/**
 * The web host's one IndexedDB database and its stores: the run library (one
 * record per run, keyed by id) and the checkpoint of an interrupted run. Both
 * stores are made here, so every part of the host opens the same version.
 */

const DATABASE = 'rnn-studio';
/** Version 2 holds both stores (a database of version 1 held only one of them). */
const VERSION = 2;
export const RUNS_STORE = 'runs';
export const CHECKPOINTS_STORE = 'checkpoints';

/** Opens the database, creating whichever stores it lacks. */
export function openStudioDatabase(indexedDb: IDBFactory = indexedDB): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDb.open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(RUNS_STORE)) db.createObjectStore(RUNS_STORE, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(CHECKPOINTS_STORE)) db.createObjectStore(CHECKPOINTS_STORE);
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer studio in another tab is upgrading the database: let it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused'));
  });
}
