import { describe, expect, it } from 'vitest';
import { defaultScheduler, immediateScheduler, messageChannelScheduler } from '../../../shared/trainer/scheduler';
import { concatenatedLosses, config, connect, directLosses, sameBits } from './harness';

describe('schedulers', () => {
  it('runs callbacks in order through a MessageChannel, without the 4 ms timer clamp', async () => {
    const scheduler = messageChannelScheduler();
    const order: number[] = [];
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let n = 0;
      const next = (): void => {
        order.push(n);
        if (++n < 100) scheduler.schedule(next);
        else resolve();
      };
      scheduler.schedule(next);
    });
    scheduler.close();
    expect(order).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // 100 nested setTimeout(0) calls would take at least ~4 ms each after the first few.
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('picks setImmediate under Node', () => {
    expect(() => immediateScheduler()).not.toThrow();
    expect(defaultScheduler()).toBeDefined();
  });

  it('drives the same training through the MessageChannel scheduler', async () => {
    const cfg = config({ iterations: 2000 });
    const scheduler = messageChannelScheduler();
    const t = connect({ scheduler });
    t.send({ type: 'start', config: cfg });
    await t.waitFor('finished');
    t.service.dispose();
    expect(sameBits(concatenatedLosses(t.of('progress')), directLosses(cfg, 2000))).toBe(true);
  });
});
