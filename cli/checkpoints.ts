/**
 * Checkpoints while `train` runs: every CHECKPOINT_INTERVAL_MS the run's full
 * state (weights, optimiser, generator, iteration, history) is written to the
 * --out file itself, atomically, so after a crash or `kill -9` it holds a
 * model that `train --from` continues exactly. A small model's text takes a
 * millisecond or two and is made in place; a large one's (hidden 512 with
 * Adam: 18 MB, about a second) in a worker thread, so training pauses only to
 * copy the state. The writer keeps the text of the number lists it wrote
 * (NumberListCache): within one batch of a heavy configuration the weights and
 * the optimiser's memory do not change, and only the batch's gradient so far
 * is formatted anew. The final model goes through the same writer.
 */

import type { Worker } from 'node:worker_threads';
import { NumberListCache } from '../shared/model-file/jsonText';
import type { Model } from '../shared/model-file/model';
import { parameterCount } from '../shared/rnn/parameters';
import type { TrainConfig } from '../shared/rnn/config';
import type { CheckpointDone, CheckpointJob } from './checkpointWriter.worker';
import { UsageError } from './args';
import { writeCheckpoint } from './checkpointWrite';
import { moduleWorker } from './threads';

/** Time between checkpoints: with the write itself the file stays within 2 s of the run. */
export const CHECKPOINT_INTERVAL_MS = 1000;
/**
 * Checkpoints of up to this many numbers are written in place: about 15 ms of
 * text a second (1.5 % of the time at 2 million numbers a second), less than
 * a worker thread costs to start and feed on a busy machine.
 */
const IN_PLACE_NUMBERS = 30_000;
/** The loss history's most points (MAX_HISTORY_POINTS) and MT19937's words, counted with the parameters. */
const FIXED_NUMBERS = 10_000 + 624;

/** How many numbers a checkpoint of this configuration writes, at most. */
function checkpointNumbers(config: TrainConfig): number {
  const optimizerCopies = config.optimizer === 'adam' ? 3 : config.optimizer === 'momentum' ? 2 : 1;
  // A batch's partial gradient, when a checkpoint comes in the middle of one.
  const copies = optimizerCopies + (config.batchSize > 1 ? 1 : 0);
  return copies * parameterCount(config) + FIXED_NUMBERS;
}

/** Writes model files to one path, in this thread or in a worker; at most one write at a time. */
interface CheckpointWriter {
  write(model: Model): Promise<CheckpointDone>;
  close(): Promise<void>;
}

function inPlaceWriter(path: string): CheckpointWriter {
  const cache = new NumberListCache();
  return {
    write: (model) => writeCheckpoint(path, model, cache),
    close: async () => {},
  };
}

function workerWriter(path: string): CheckpointWriter {
  const worker = startWorker();
  worker.unref();
  let pending: ((done: CheckpointDone) => void) | null = null;
  const settle = (done: CheckpointDone): void => {
    const resolve = pending;
    pending = null;
    resolve?.(done);
  };
  // A worker that has ended answers nothing: every write from then on fails at once, so stop() never waits on it.
  let gone: string | null = null;
  worker.on('message', settle);
  worker.on('error', (error) => {
    gone ??= error.message;
    settle({ ok: false, problem: error.message, gone: true });
  });
  worker.on('exit', (code) => {
    gone ??= `the checkpoint writer stopped (exit code ${code})`;
    settle({ ok: false, problem: gone, gone: true });
  });
  return {
    write(model) {
      if (gone !== null) return Promise.resolve({ ok: false, problem: gone, gone: true });
      return new Promise((resolve) => {
        pending = resolve;
        const job: CheckpointJob = { path, model };
        worker.postMessage(job, buffersOf(model));
      });
    },
    close: async () => void (await worker.terminate()),
  };
}

/** The typed arrays of a model, moved (not copied) to the worker. */
function buffersOf(model: Model): ArrayBuffer[] {
  const out = Object.values(model.weights).map((t) => t!.data.buffer as ArrayBuffer);
  out.push(model.lossHistory.values.buffer as ArrayBuffer);
  const o = model.state?.optimizer;
  if (o?.kind === 'momentum') out.push(o.velocity.buffer as ArrayBuffer);
  if (o?.kind === 'adam') out.push(o.m.buffer as ArrayBuffer, o.v.buffer as ArrayBuffer);
  if (model.state?.rng.kind === 'numpy') out.push(model.state.rng.key.buffer as ArrayBuffer);
  if (model.state?.partialIteration) out.push(model.state.partialIteration.gradient.buffer as ArrayBuffer);
  return out;
}

function startWorker(): Worker {
  return moduleWorker(new URL('./checkpointWriter.worker.ts', import.meta.url));
}

export class Checkpoints {
  private readonly writer: CheckpointWriter;
  private readonly path: string;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The write in flight, if any. */
  private writing: Promise<void> | null = null;
  /** When the latest checkpoint was taken. */
  private takenAt = -Infinity;
  private warned = false;
  /** The iteration of the last checkpoint on disk; -1 before the first. */
  written = -1;
  /** Milliseconds this thread spent taking and handing off checkpoints (what training lost to them). */
  busyMs = 0;

  constructor(
    path: string,
    config: TrainConfig,
    /** The run now as a model with its full state; null before the first weights. */
    private readonly take: () => Model | null,
    private readonly warn: (line: string) => void,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {
    this.path = path;
    this.writer = checkpointNumbers(config) <= IN_PLACE_NUMBERS ? inPlaceWriter(path) : workerWriter(path);
  }

  start(): void {
    this.timer = setInterval(() => this.save(), this.intervalMs);
    this.timer.unref();
  }

  /** Takes no more checkpoints and waits for a write in flight, so nothing lands on the file after this but the final model. */
  async settle(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
  }

  /** Stops checkpointing, as settle(), and closes the writer. */
  async stop(): Promise<void> {
    await this.settle();
    await this.writer.close();
  }

  /**
   * Stops checkpointing and writes the final model through the same writer
   * (in a thread whose worker is gone, here), then closes it. Throws what
   * writing a file throws: a UsageError naming the file and the reason.
   */
  async finish(model: Model): Promise<void> {
    await this.settle();
    try {
      let done = await this.writer.write(model);
      if (!done.ok && done.gone) done = await writeCheckpoint(this.path, model, new NumberListCache());
      if (!done.ok) throw done.usage ? new UsageError(done.problem) : new Error(done.problem);
      this.written = done.iteration;
    } finally {
      await this.writer.close();
    }
  }

  /**
   * Writes a checkpoint now unless one is still being written. A write that
   * outlasts the interval (the largest models' text takes a second or more)
   * is followed at once by the next, not at the next tick: the file on disk
   * is then at most two writes old instead of two writes and an interval.
   */
  private save(): void {
    if (this.writing) return;
    const started = performance.now();
    const model = this.take();
    if (!model) return;
    this.takenAt = started;
    const written = this.writer.write(model);
    this.busyMs += performance.now() - started;
    this.writing = written.then((done) => {
      this.writing = null;
      if (done.ok) this.written = done.iteration;
      else if (!this.warned) {
        this.warned = true;
        this.warn(`Could not write a checkpoint (${done.problem}); training goes on, and the model is saved at the end.`);
      }
      if (done.ok && this.timer && performance.now() - this.takenAt >= this.intervalMs) this.save();
    });
  }
}
