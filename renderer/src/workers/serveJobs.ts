import type { JobReply, JobRequest } from './latestJobQueue';

interface WorkerScope<Job, Reply> {
  onmessage: ((event: MessageEvent<JobRequest<Job>>) => void) | null;
  postMessage(message: Reply, options?: { transfer?: Transferable[] }): void;
}

/** Inside a worker: answers each request a `LatestJobQueue` posts, handing over the reply's typed arrays rather than copying them. */
export function serveJobs<Job, Reply extends JobReply>(answer: (request: JobRequest<Job>) => Reply, transferables: (reply: Reply) => Transferable[]): void {
  const scope = self as unknown as WorkerScope<Job, Reply>;
  scope.onmessage = (event) => {
    const reply = answer(event.data);
    scope.postMessage(reply, { transfer: transferables(reply) });
  };
}
