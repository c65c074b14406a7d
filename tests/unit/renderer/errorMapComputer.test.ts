import { describe, expect, it } from 'vitest';
import { ErrorMapComputer } from '@/inspect/errorMapComputer';
import type { ErrorMapReply } from '@/inspect/errorMapWork';
import { createRandom, errorMap, initWeights, resolveConfig } from '@shared/rnn/index';

describe('ErrorMapComputer (in place, where no Worker exists)', () => {
  it('computes the latest weights only and reports shape problems as messages', async () => {
    const config = resolveConfig({ bits: 5, hiddenSize: 4, seed: 3 });
    const first = initWeights(config, createRandom('numpy', 1));
    const second = initWeights(config, createRandom('numpy', 2));
    const replies: ErrorMapReply[] = [];
    let waiting: { count: number; resolve: () => void } | null = null;
    // Resolves once `count` replies have come, whether the last came before this was called (a request after the pause answers at once) or after.
    const replyCount = (count: number) =>
      new Promise<void>((resolve) => {
        if (replies.length >= count) return resolve();
        waiting = { count, resolve };
      });
    const computer = new ErrorMapComputer((reply) => {
      replies.push(reply);
      if (waiting && replies.length >= waiting.count) waiting.resolve();
    }, 20);
    computer.request(first, config); // starts at once
    expect(replies).toHaveLength(1);
    computer.request(first, config); // waits for the pause…
    computer.request(second, config); // …and is replaced by this one
    expect(replies).toHaveLength(1);
    await replyCount(2);
    expect(Array.from(replies[0]!.map!)).toEqual(Array.from(errorMap(first, config)!));
    expect(Array.from(replies[1]!.map!)).toEqual(Array.from(errorMap(second, config)!));
    computer.request(first, { ...config, hiddenSize: 5 });
    await replyCount(3);
    expect(replies).toHaveLength(3);
    expect(replies[2]!.map).toBeNull();
    expect(replies[2]!.problem).toMatch(/\S/);
    computer.dispose();
  });
});
