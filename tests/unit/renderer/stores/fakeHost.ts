/**
 * A StudioApi for the stores under Node: the real TrainerService behind an
 * in-memory channel that delivers asynchronously, as a worker would, and a
 * window that answers confirmations as told.
 */

import type { StudioApi, TrainerConnection } from '@shared/api/studioApi';
import type { TrainConfig } from '@shared/rnn/config';
import type { Model } from '@shared/model-file/model';
import type { FromTrainer, ToTrainer } from '@shared/trainer/contract';
import { TrainerService } from '@shared/trainer/trainerService';
import { immediateScheduler } from '@shared/trainer/scheduler';
import { setConfirm } from '@/services/confirmations';

export interface FakeHost {
  api: StudioApi;
  /** Every message posted to the trainer, in order. */
  posted: ToTrainer[];
  /** Every message the trainer sent to the studio, in order (the replaced runs' included). */
  delivered: FromTrainer[];
  /** Resolves with the next message from the trainer that matches, once the studio has taken it in. */
  nextFromTrainer(match: (message: FromTrainer) => boolean): Promise<FromTrainer>;
  /** Resolves with the next message posted to the trainer that matches, once the trainer has it. */
  nextToTrainer(match: (message: ToTrainer) => boolean): Promise<ToTrainer>;
  savedSettings: Partial<TrainConfig>[];
  /** The checkpoint the host keeps (copied in and out, as storage does). */
  checkpoint: Model | null;
  /** How many times a checkpoint was saved. */
  checkpointSaves: number;
  /** Ends every trainer connection at once, as closing the page does. */
  closeTrainers(): void;
  /** The run library: run file texts by id. */
  runs: Map<string, string>;
  /** What window.confirm answers. */
  confirmAnswer: boolean;
  confirmations: string[];
}

type Waiter<T> = { match: (message: T) => boolean; resolve: (message: T) => void };

/** Hands `message` to the first waiters that match it, and forgets them. */
function wake<T>(waiters: Waiter<T>[], message: T): void {
  for (const waiter of waiters.splice(0)) {
    if (waiter.match(message)) waiter.resolve(message);
    else waiters.push(waiter);
  }
}

function waitIn<T>(waiters: Waiter<T>[], match: (message: T) => boolean): Promise<T> {
  return new Promise((resolve) => waiters.push({ match, resolve }));
}

interface Traffic {
  posted: ToTrainer[];
  delivered: FromTrainer[];
  fromTrainer: Waiter<FromTrainer>[];
  toTrainer: Waiter<ToTrainer>[];
}

function connect(traffic: Traffic): TrainerConnection {
  const handlers = new Set<(message: FromTrainer) => void>();
  let toService: ((message: unknown) => void) | null = null;
  const service = new TrainerService(
    {
      post: (message) =>
        setImmediate(() => {
          traffic.delivered.push(message);
          handlers.forEach((h) => h(message));
          wake(traffic.fromTrainer, message);
        }),
      onMessage: (handler) => {
        toService = handler;
      },
    },
    { scheduler: immediateScheduler() },
  );
  return {
    post(message) {
      traffic.posted.push(message);
      setImmediate(() => {
        toService?.(structuredClone(message));
        wake(traffic.toTrainer, message);
      });
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      handlers.clear();
      service.dispose();
    },
  };
}

export function installFakeHost(settings: Partial<TrainConfig> | null = null): FakeHost {
  const traffic: Traffic = { posted: [], delivered: [], fromTrainer: [], toTrainer: [] };
  const connections: TrainerConnection[] = [];
  const host: FakeHost = {
    posted: traffic.posted,
    delivered: traffic.delivered,
    nextFromTrainer: (match) => waitIn(traffic.fromTrainer, match),
    nextToTrainer: (match) => waitIn(traffic.toTrainer, match),
    savedSettings: [],
    checkpoint: null,
    checkpointSaves: 0,
    runs: new Map(),
    closeTrainers: () => connections.splice(0).forEach((c) => c.close()),
    confirmAnswer: true,
    confirmations: [],
    api: {
      host: 'web',
      connectTrainer: async () => {
        const connection = connect(traffic);
        connections.push(connection);
        return connection;
      },
      connectPoolTrainer: async () => connect({ posted: [], delivered: [], fromTrainer: [], toTrainer: [] }),
      listRuns: async () => [...host.runs.values()],
      saveRun: async (text) => void host.runs.set((JSON.parse(text) as { id: string }).id, text),
      deleteRun: async (id) => void host.runs.delete(id),
      openModel: async () => null,
      openPath: async () => {
        throw new Error('no recent files here');
      },
      openDropped: async () => {
        throw new Error('no drops here');
      },
      saveModel: async () => null,
      exportWeights: async () => null,
      recentFiles: async () => [],
      onMenuCommand: () => () => {},
      setDocumentState: () => {},
      loadSettings: async () => settings,
      saveSettings: async (s) => void host.savedSettings.push(s),
      checkpoints: {
        load: async () => (host.checkpoint ? structuredClone(host.checkpoint) : null),
        save: async (model) => {
          host.checkpoint = structuredClone(model);
          host.checkpointSaves++;
        },
        clear: async () => void (host.checkpoint = null),
      },
    },
  };
  const confirm = (question: { title: string; message: string }) => {
    host.confirmations.push(`${question.title} ${question.message}`);
    return host.confirmAnswer;
  };
  (globalThis as unknown as { window: unknown }).window = { studio: host.api };
  setConfirm(confirm);
  return host;
}

/**
 * Resolves when `condition` holds, polling; fails after `ms`. Where a message
 * from or to the trainer is what changes things, nextFromTrainer and
 * nextToTrainer wait for exactly that instead.
 */
export async function until(condition: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
