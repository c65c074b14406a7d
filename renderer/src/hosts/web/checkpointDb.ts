/**
 * The web host's checkpoint store: models in IndexedDB (they survive a closed
 * tab and hold typed arrays as they are, with no text to make while
 * training). What comes back is checked as a model file would be.
 *
 * Each tab keeps its own checkpoint under a key of its own (kept in the tab's
 * session storage, so a reload finds it again), and holds a Web Lock named
 * for that key while it lives. A tab that asks for its checkpoint before it
 * has one takes over the newest one whose lock nobody holds: what a closed or
 * crashed tab left behind. Without Web Locks every tab shares one checkpoint.
 */

import { HostError, type CheckpointStore } from '@shared/api/studioApi';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import type { Model } from '@shared/model-file/model';
import { CHECKPOINTS_STORE, openStudioDatabase } from './studioDatabase';

const STORE = CHECKPOINTS_STORE;
/** The key of the one checkpoint of earlier versions, and of every tab where there are no Web Locks. */
const SHARED_KEY = 'run';
const SESSION_KEY = 'rnn-studio-checkpoint';
const LOCK_PREFIX = 'rnn-studio-checkpoint:';

/** What the store holds per key: the model and when it was kept (earlier versions held the bare model). */
interface Kept {
  savedAt: number;
  model: Model;
}

/** The parts of the Web Locks API used here. */
export interface TabLocks {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

export interface CheckpointEnvironment {
  locks: TabLocks | null;
  session: Pick<Storage, 'getItem' | 'setItem'> | null;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function browserEnvironment(): CheckpointEnvironment {
  const locks = (globalThis.navigator as (Navigator & { locks?: TabLocks }) | undefined)?.locks ?? null;
  let session: Storage | null = null;
  try {
    session = globalThis.sessionStorage ?? null;
  } catch {
    // Storage refused (a sandboxed frame): the tab still gets a key of its own, for this page only.
  }
  return { locks, session };
}

/** A checkpoint store in the browser's IndexedDB. */
export function createIndexedDbCheckpoints(indexedDb: IDBFactory = indexedDB, env: CheckpointEnvironment = browserEnvironment()): CheckpointStore {
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

  /** Takes the lock named for `key` if nobody holds it; resolves with its release, or null. */
  function hold(key: string): Promise<(() => void) | null> {
    const locks = env.locks!;
    return new Promise((resolve) => {
      void locks.request(LOCK_PREFIX + key, { ifAvailable: true }, (lock) => {
        if (!lock) return void resolve(null);
        // Held until released here or until the tab goes.
        return new Promise<void>((release) => resolve(release));
      });
    });
  }

  /** This tab's key and the release of its lock (a duplicated tab inherits its key and the lock says so: it picks another); load may move it to a checkpoint left behind. */
  const mine: Promise<{ key: string; release: () => void }> = (async () => {
    if (!env.locks) return { key: SHARED_KEY, release: () => {} };
    let key: string = env.session?.getItem(SESSION_KEY) ?? '';
    let release = key ? await hold(key) : null;
    while (!release) {
      key = `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      release = await hold(key);
    }
    env.session?.setItem(SESSION_KEY, key);
    return { key, release };
  })();

  const remove = async (key: string): Promise<void> => void (await inStore('readwrite', (store) => store.delete(key)));

  /** The model kept under `key`, checked; one that is not a valid model goes. */
  async function read(key: string): Promise<Kept | null> {
    const stored = (await inStore('readonly', (store) => store.get(key))) as unknown;
    if (stored === undefined) return null;
    const kept = typeof stored === 'object' && stored !== null && 'model' in stored ? (stored as Kept) : { savedAt: 0, model: stored as Model };
    try {
      return { savedAt: kept.savedAt, model: parseModelFile(serializeModel(kept.model)) };
    } catch {
      // Left by an older studio or damaged: it cannot be restored, so it goes.
      await remove(key).catch(() => {});
      return null;
    }
  }

  /** Checkpoints no open tab holds, newest first. */
  async function leftBehind(own: string): Promise<{ key: string; kept: Kept }[]> {
    const keys = (await inStore('readonly', (store) => store.getAllKeys())).filter((k): k is string => typeof k === 'string' && k !== own);
    const held = new Set(((await env.locks!.query()).held ?? []).map((l) => l.name));
    const out: { key: string; kept: Kept }[] = [];
    for (const key of keys) {
      if (held.has(LOCK_PREFIX + key)) continue;
      const kept = await read(key);
      if (kept) out.push({ key, kept });
    }
    return out.sort((a, b) => b.kept.savedAt - a.kept.savedAt);
  }

  return {
    async load() {
      try {
        const me = await mine;
        const own = await read(me.key);
        if (own || !env.locks) return own?.model ?? null;
        for (const { key, kept } of await leftBehind(me.key)) {
          const release = await hold(key);
          if (!release) continue; // another tab took it first
          me.release();
          me.key = key;
          me.release = release;
          env.session?.setItem(SESSION_KEY, key);
          return kept.model;
        }
        return null;
      } catch {
        return null;
      }
    },
    async save(model) {
      try {
        const { key } = await mine;
        await inStore('readwrite', (store) => store.put({ savedAt: Date.now(), model } satisfies Kept, key));
      } catch (error) {
        throw new HostError(`The run's checkpoint could not be kept in the browser's storage: ${error instanceof Error ? error.message : String(error)}.`);
      }
    },
    async clear() {
      try {
        await remove((await mine).key);
      } catch {
        // Storage unavailable: there is nothing to remove either.
      }
    },
  };
}
