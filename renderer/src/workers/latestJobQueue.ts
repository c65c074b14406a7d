/**
 * Keeps a worker's result up to date with changing inputs without blocking
 * the page: one job at a time in the worker, only the latest job queued, and
 * a pause between jobs that grows with their cost. Where no worker can start
 * (or it fails to load), the jobs run in place.
 */

export interface JobRequest<Job> {
  id: number;
  job: Job;
}

/** What every reply carries: the request it answers and how long the job took. */
export interface JobReply {
  id: number;
  ms: number;
}

/** The two ways a queue's jobs can run: in a worker, or in place through the worker's own answer. */
export interface JobRunner<Job, Reply extends JobReply> {
  /** Starts the worker; throws where none can start. */
  startWorker(): Worker;
  /** Answers one request on the page's thread, as the worker would. */
  answer(request: JobRequest<Job>): Reply;
}

/** The message a reply carries for a job that threw. */
export function problemOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class LatestJobQueue<Job, Reply extends JobReply> {
  private worker: Worker | null = null;
  private nextId = 1;
  private running: number | null = null;
  private queued: JobRequest<Job> | null = null;
  private lastEnd = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The jobs sent or queued, by request id, handed back with their results. */
  private readonly jobs = new Map<number, Job>();

  constructor(
    private readonly runner: JobRunner<Job, Reply>,
    private readonly onResult: (reply: Reply, job: Job) => void,
    /** Smallest pause between the end of one job and the start of the next. */
    private readonly minIntervalMs = 250,
  ) {
    try {
      this.worker = runner.startWorker();
      this.worker.onmessage = (event: MessageEvent<Reply>) => this.finish(event.data);
      this.worker.onerror = () => {
        // A worker that cannot load leaves the jobs to run in place.
        this.worker?.terminate();
        this.worker = null;
        this.running = null;
        this.pump();
      };
    } catch {
      this.worker = null;
    }
  }

  /** Asks for a job's result; an earlier job not yet started is dropped. */
  request(job: Job): void {
    if (this.queued) this.jobs.delete(this.queued.id);
    this.queued = { id: this.nextId++, job };
    this.jobs.set(this.queued.id, job);
    this.pump();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = null;
    this.queued = null;
    this.jobs.clear();
  }

  private pump(): void {
    if (this.running !== null || this.timer !== null || !this.queued) return;
    const wait = this.lastEnd + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    const request = this.queued;
    this.queued = null;
    this.running = request.id;
    if (this.worker) this.worker.postMessage(request);
    else this.finish(this.runner.answer(request));
  }

  private finish(reply: Reply): void {
    if (reply.id !== this.running) return;
    this.running = null;
    const job = this.jobs.get(reply.id);
    this.jobs.delete(reply.id);
    // The pause grows with the work, so the jobs never take more than about a quarter of a core from training.
    this.lastEnd = performance.now() + Math.max(0, 3 * reply.ms - this.minIntervalMs);
    if (job !== undefined) this.onResult(reply, job);
    this.pump();
  }
}
