import { describe, expect, it } from 'vitest';
import { SaveReplies, type Scheduler } from '../../../electron/main/services/saveReplies';
import { mayClose, type UnsavedChoice } from '../../../electron/main/services/unsavedChanges';

/** A scheduler whose time moves only when the test says. */
function manualClock(): Scheduler & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let timers: { at: number; run: () => void; handle: object }[] = [];
  return {
    setTimeout(run, ms) {
      const handle = {};
      timers.push({ at: now + ms, run, handle });
      return handle;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.handle !== handle);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
    pending: () => timers.length,
  };
}

describe('the save request sent before closing', () => {
  it("resolves with the page's reply, and clears its timer", async () => {
    const clock = manualClock();
    const replies = new SaveReplies(1000, clock);
    const sent: number[] = [];
    const outcome = replies.request((id) => sent.push(id));
    expect(sent).toHaveLength(1);
    replies.replied(sent[0]!, true);
    expect(await outcome).toBe(true);
    expect(clock.pending()).toBe(0);
    const refused = replies.request((id) => sent.push(id));
    replies.replied(sent[1]!, false);
    expect(await refused).toBe(false);
  });

  it("counts as not answered once the timeout passes; a late reply changes nothing", async () => {
    const clock = manualClock();
    const replies = new SaveReplies(1000, clock);
    let id = 0;
    let settled: unknown = 'pending';
    const outcome = replies.request((sent) => (id = sent)).then((value) => (settled = value));
    clock.advance(999);
    await Promise.resolve();
    expect(settled).toBe('pending');
    clock.advance(1);
    await outcome;
    expect(settled).toBe('no-answer');
    replies.replied(id, true);
    expect(replies.waiting).toBe(0);
  });

  it('a reply to another request, or to none, settles nothing', async () => {
    const clock = manualClock();
    const replies = new SaveReplies(1000, clock);
    let id = 0;
    const outcome = replies.request((sent) => (id = sent));
    replies.replied(id + 1, true);
    expect(replies.waiting).toBe(1);
    replies.abandonAll();
    expect(await outcome).toBe(false);
    expect(clock.pending()).toBe(0);
  });
});

describe('closing a window whose page does not answer', () => {
  it('asks the person again after the timeout, and closes on their next answer', async () => {
    const clock = manualClock();
    const replies = new SaveReplies(1000, clock);
    const answers: UnsavedChoice[] = ['save', 'discard'];
    let asked = 0;
    const closing = mayClose(
      async () => answers[asked++]!,
      () => {
        const outcome = replies.request(() => {});
        clock.advance(1000);
        return outcome;
      },
    );
    expect(await closing).toBe(true);
    expect(asked).toBe(2);
  });

  it('Cancel on the second question keeps the window open', async () => {
    const answers: UnsavedChoice[] = ['save', 'cancel'];
    let asked = 0;
    expect(await mayClose(async () => answers[asked++]!, async () => 'no-answer')).toBe(false);
    expect(asked).toBe(2);
  });
});
