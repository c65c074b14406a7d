/**
 * The web host's checkpoint store: one model in IndexedDB (it survives a
 * closed tab and holds typed arrays as they are, with no text to make while
 * training). What comes back is checked as a model file would be.
 */

import { HostError, type CheckpointStore } from '@shared/api/studioApi';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import type { Model } from '@shared/model-file/model';
import { CHECKPOINTS_STORE, openStudioDatabase } from './studioDatabase';

const STORE = CHECKPOINTS_STORE;
const KEY = 'run';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** A checkpoint store in the browser's IndexedDB. */
export function createIndexedDbCheckpoints(indexedDb: IDBFactory = indexedDB): CheckpointStore {
  let database: Promise<IDBDatabase> | null = null;
  async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    database ??= openStudioDatabase(indexedDb);
    const db = await database;
    const transaction = db.transaction(STORE, mode);
    const result = await request(work(transaction.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    return result;
  }
  const clear = async (): Promise<void> => void (await inStore('readwrite', (store) => store.delete(KEY)));
  return {
    async load() {
      let stored: unknown;
      try {
        stored = await inStore('readonly', (store) => store.get(KEY));
      } catch {
        return null;
      }
      if (stored === undefined) return null;
      try {
        return parseModelFile(serializeModel(stored as Model));
      } catch {
        // Left by an older studio or damaged: it cannot be restored, so it goes.
        await clear().catch(() => {});
        return null;
      }
    },
    async save(model) {
      try {
        await inStore('readwrite', (store) => store.put(model, KEY));
      } catch (error) {
        throw new HostError(`The run's checkpoint could not be kept in the browser's storage: ${error instanceof Error ? error.message : String(error)}.`);
      }
    },
    async clear() {
      try {
        await clear();
      } catch {
        // Storage unavailable: there is nothing to remove either.
      }
    },
  };
}
