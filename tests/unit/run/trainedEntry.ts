/** A run entry of a real (short) training run, for the run library's tests. */

import { resolveConfig } from '@shared/rnn/config';
import { RunRecorder } from '@shared/run/runRecorder';
import { entryFromRecorder, type RunEntry } from '@shared/run/library/runEntry';
import type { FromTrainer, Port } from '@shared/trainer/contract';
import { TrainerService } from '@shared/trainer/trainerService';
import { immediateScheduler } from '@shared/trainer/scheduler';

/** Trains seed 1 (unless overridden) until every pair is right or 30 000 iterations, and keeps it as an entry. */
export async function trainedEntry(id: string, overrides: Record<string, unknown>, label = id): Promise<RunEntry> {
  return entryFromRecorder(await trainedRecorder(overrides), id, label)!;
}

/** The recorder that followed such a run. */
export async function trainedRecorder(overrides: Record<string, unknown>): Promise<RunRecorder> {
  const config = resolveConfig({ seed: 1, iterations: 30_000, untilAccuracy: 1, evalEvery: 100, ...overrides });
  const recorder = new RunRecorder({ clock: () => 1000 });
  recorder.begin({ config });
  let deliver: (m: unknown) => void = () => {};
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const port: Port = { post: (m: FromTrainer) => (recorder.receive(m), m.type === 'finished' && finished()), onMessage: (h) => void (deliver = h) };
  const service = new TrainerService(port, { scheduler: immediateScheduler() });
  deliver({ type: 'start', config });
  await done;
  service.dispose();
  return recorder;
}
