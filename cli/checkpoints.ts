/**
 * Checkpoints while `train` runs: every CHECKPOINT_INTERVAL_MS the run's full
 * state (weights, optimiser, generator, iteration, history) is written to the
 * --out file itself, atomically, so after a crash or `kill -9` it holds a
 * model that `train --from` continues exactly. The text is made and written
 * in a worker thread; training pauses only to copy the state.
 */

import { Worker } from 'node:worker_threads';
import { modelFromRun } from '../shared/model-file/ModelFile';
import type { Model } from '../shared/model-file/model';
import type { CheckpointDone, CheckpointJob } from './checkpointWriter.worker';
import type { HeadlessCheckpoint } from './headlessRun';

/** Time between checkpoints: with the write itself the file stays within 2 s of the run. */
export const CHECKPOINT_INTERVAL_MS = 1000;

/** A model file's contents for a checkpoint; `before` is what the model had before this run (for --from). */
export function checkpointModel(checkpoint: HeadlessCheckpoint, before: { elapsedSeconds: number }): Model {
  const { state, config, accuracy } = checkpoint;
  const { optimizer, rng, zeroGradientStreak } = state;
  return modelFromRun({
    config,
    weights: state.weights,
    iterations: state.iteration,
    lastLoss: checkpoint.lastLoss,
    accuracy: accuracy?.exact ?? null,
    bitAccuracy: accuracy?.bit ?? null,
    elapsedSeconds: before.elapsedSeconds + checkpoint.elapsedSeconds,
    history: checkpoint.history,
    state: { optimizer, rng, zeroGradientStreak },
  });
}

/** The typed arrays of a model, moved (not copied) to the worker. */
function buffersOf(model: Model): ArrayBuffer[] {
  const out = Object.values(model.weights).map((t) => t!.data.buffer as ArrayBuffer);
  out.push(model.lossHistory.values.buffer as ArrayBuffer);
  const o = model.state?.optimizer;
  if (o?.kind === 'momentum') out.push(o.velocity.buffer as ArrayBuffer);
  if (o?.kind === 'adam') out.push(o.m.buffer as ArrayBuffer, o.v.buffer as ArrayBuffer);
  if (model.state?.rng.kind === 'numpy') out.push(model.state.rng.key.buffer as ArrayBuffer);
  return out;
}

function startWriter(): Worker {
  const script = new URL('./checkpointWriter.worker.ts', import.meta.url);
  if (script.pathname.endsWith('.js')) return new Worker(script);
  // The CLI runs as TypeScript through tsx, whose loader a worker thread does not inherit on Node 20: register it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`, { eval: true });
}

export class Checkpoints {
  private readonly worker: Worker;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Resolves when the write in flight ends; null when none is. */
  private writing: Promise<void> | null = null;
  private finishWrite: (() => void) | null = null;
  private warned = false;
  /** The iteration of the last checkpoint on disk. */
  written = -1;

  constructor(
    private readonly path: string,
    private readonly take: () => HeadlessCheckpoint | null,
    private readonly before: { elapsedSeconds: number },
    private readonly warn: (line: string) => void,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {
    this.worker = startWriter();
    this.worker.unref();
    this.worker.on('message', (done: CheckpointDone) => this.finished(done));
    this.worker.on('error', (error) => this.finished({ ok: false, problem: error.message }));
  }

  start(): void {
    this.timer = setInterval(() => this.save(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops checkpointing and waits for a write in flight, so nothing lands on --out after this. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
    await this.worker.terminate();
  }

  /** Writes a checkpoint now unless one is still being written (then the next tick takes a fresher one). */
  private save(): void {
    if (this.writing) return;
    const checkpoint = this.take();
    if (!checkpoint) return;
    const model = checkpointModel(checkpoint, this.before);
    this.writing = new Promise((resolve) => (this.finishWrite = resolve));
    const job: CheckpointJob = { path: this.path, model };
    this.worker.postMessage(job, buffersOf(model));
  }

  private finished(done: CheckpointDone): void {
    if (done.ok) this.written = done.iteration;
    else if (!this.warned) {
      this.warned = true;
      this.warn(`Could not write a checkpoint (${done.problem}); training goes on, and the model is saved at the end.`);
    }
    const finish = this.finishWrite;
    this.writing = null;
    this.finishWrite = null;
    finish?.();
  }
}
