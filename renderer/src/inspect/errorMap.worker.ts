/** Computes error maps off the page's thread: a map of 16 384 pairs takes long enough to drop frames. */

import { errorMap } from '@shared/rnn/index';
import type { ErrorMapRequest, ErrorMapReply } from './errorMapComputer';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ErrorMapRequest>) => void) | null;
  postMessage(message: ErrorMapReply, options?: { transfer?: Transferable[] }): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, weights, config } = event.data;
  const started = performance.now();
  try {
    const map = errorMap(weights, config);
    const reply: ErrorMapReply = { id, map, problem: null, ms: performance.now() - started };
    scope.postMessage(reply, map ? { transfer: [map.buffer] } : undefined);
  } catch (error) {
    scope.postMessage({ id, map: null, problem: error instanceof Error ? error.message : String(error), ms: performance.now() - started });
  }
};
