/**
 * A StudioApi for the stores under Node: the real TrainerService behind an
 * in-memory channel that delivers asynchronously, as a worker would, and a
 * window that answers confirmations as told.
 */

import type { StudioApi, TrainerConnection } from '../../../shared/api/StudioApi';
import type { TrainConfig } from '../../../shared/rnn/config';
import type { FromTrainer, ToTrainer } from '../../../shared/trainer/contract';
import { TrainerService } from '../../../shared/trainer/TrainerService';
import { immediateScheduler } from '../../../shared/trainer/scheduler';

export interface FakeHost {
  api: StudioApi;
  /** Every message posted to the trainer, in order. */
  posted: ToTrainer[];
  savedSettings: Partial<TrainConfig>[];
  /** What window.confirm answers. */
  confirmAnswer: boolean;
  confirmations: string[];
  /** The run library: run file texts by id. */
  runs: Map<string, string>;
}

function connect(posted: ToTrainer[]): TrainerConnection {
  const handlers = new Set<(message: FromTrainer) => void>();
  let toService: ((message: unknown) => void) | null = null;
  const service = new TrainerService(
    {
      post: (message) => setImmediate(() => handlers.forEach((h) => h(message))),
      onMessage: (handler) => {
        toService = handler;
      },
    },
    { scheduler: immediateScheduler() },
  );
  return {
    post(message) {
      posted.push(message);
      setImmediate(() => toService?.(structuredClone(message)));
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
  const host: FakeHost = {
    posted: [],
    savedSettings: [],
    confirmAnswer: true,
    confirmations: [],
    runs: new Map(),
    api: {
      host: 'web',
      connectTrainer: async () => connect(host.posted),
      connectPoolTrainer: async () => connect([]),
      listRuns: async () => [...host.runs.values()],
      saveRun: async (text) => void host.runs.set((JSON.parse(text) as { id: string }).id, text),
      deleteRun: async (id) => void host.runs.delete(id),
      openModel: async () => null,
      openRecent: async () => {
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
    },
  };
  const confirm = (text: string) => {
    host.confirmations.push(text);
    return host.confirmAnswer;
  };
  (globalThis as unknown as { window: unknown }).window = { studio: host.api, confirm };
  return host;
}

/** Resolves when `condition` holds, polling; fails after `ms`. */
export async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
