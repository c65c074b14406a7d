import { describe, expect, it } from 'vitest';
import { defaultScheduler, immediateScheduler, messageChannelScheduler } from '@shared/trainer/scheduler';
import { concatenatedLosses, config, connect, directLosses, sameBits } from './harness';

describe('schedulers', () => {
  it('runs callbacks in order through a MessageChannel, each without waiting for a timer', async () => {
    const scheduler = messageChannelScheduler();
    const order: number[] = [];
    // A chain of nested setTimeout(0) calls runs beside it: each link waits for the timer queue
    // (clamped to 4 ms in browsers, 1 ms in Node), whatever the machine's speed or load.
    let timerLinks = 0;
    let timersRunning = true;
    const timerChain = (): void => {
      timerLinks++;
      if (timersRunning) setTimeout(timerChain, 0);
    };
    setTimeout(timerChain, 0);
    await new Promise<void>((resolve) => {
      let n = 0;
      const next = (): void => {
        order.push(n);
        if (++n < 100) scheduler.schedule(next);
        else resolve();
      };
      scheduler.schedule(next);
    });
    timersRunning = false;
    scheduler.close();
    expect(order).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // Far fewer timer links ran meanwhile than callbacks: the channel does not wait on the timer queue.
    expect(timerLinks).toBeLessThan(50);
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
