/** Runs the "inside training" views' work off the page's thread: the hidden states of every pair take tens of milliseconds. */

import { runInsideJob, transferablesOf, type InsideReply, type InsideRequest } from './insideWork';

interface WorkerScope {
  onmessage: ((event: MessageEvent<InsideRequest>) => void) | null;
  postMessage(message: InsideReply, options?: { transfer?: Transferable[] }): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, job } = event.data;
  const started = performance.now();
  try {
    const result = runInsideJob(job);
    scope.postMessage({ id, result, problem: null, ms: performance.now() - started }, { transfer: transferablesOf(result) });
  } catch (error) {
    scope.postMessage({ id, result: null, problem: error instanceof Error ? error.message : String(error), ms: performance.now() - started });
  }
};
