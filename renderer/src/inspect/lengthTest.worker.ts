/** Evaluates a model at other lengths off the page's thread: 10 000 pairs of 64 bits take a second or more. */

import { evaluateAtLength } from '@shared/rnn/index';
import type { LengthReply, LengthRequest } from './lengthTester';

interface WorkerScope {
  onmessage: ((event: MessageEvent<LengthRequest>) => void) | null;
  postMessage(message: LengthReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, weights, config, lengths } = event.data;
  for (const bits of lengths) {
    try {
      const e = evaluateAtLength(weights, config, bits);
      scope.postMessage({ id, bits, exact: e.exact, pairs: e.pairs, problem: null });
    } catch (error) {
      scope.postMessage({ id, bits, exact: null, pairs: 0, problem: error instanceof Error ? error.message : String(error) });
      return;
    }
  }
};
