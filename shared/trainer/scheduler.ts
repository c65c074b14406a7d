/**
 * How the trainer yields between time slices so that control messages get
 * through. Hosts pick one: Node has setImmediate; browsers and workers use a
 * MessageChannel, because setTimeout(0) is clamped to 4 ms after a few nested
 * calls and would waste a fifth of every slice.
 */

import { platform } from '../platform';

export interface Scheduler {
  /** Runs callback soon, after pending messages have been handled. */
  schedule(callback: () => void): void;
  /** Runs callback after about `ms` milliseconds (a paced run waiting for its next iteration); returns a cancel. */
  later(ms: number, callback: () => void): () => void;
  /** Releases what the scheduler holds (a channel), so the host can exit. */
  close(): void;
}

/** Node (and Electron's utility process): setImmediate runs after pending I/O and messages. */
export function immediateScheduler(): Scheduler {
  const setImmediate = platform.setImmediate;
  if (!setImmediate) throw new Error('setImmediate is not available on this platform; use messageChannelScheduler');
  let closed = false;
  return {
    schedule: (callback) => void setImmediate(callback),
    later: (ms, callback) => delayed(ms, callback, () => closed),
    close: () => {
      closed = true;
    },
  };
}

/** Browsers and Web Workers: a message to itself through a MessageChannel, a macrotask without the 4 ms clamp. */
export function messageChannelScheduler(): Scheduler {
  const Channel = platform.MessageChannel;
  if (!Channel) throw new Error('MessageChannel is not available on this platform; use immediateScheduler');
  const channel = new Channel();
  const queue: (() => void)[] = [];
  let closed = false;
  channel.port1.onmessage = () => queue.shift()?.();
  return {
    schedule(callback) {
      queue.push(callback);
      channel.port2.postMessage(null);
    },
    later: (ms, callback) => delayed(ms, callback, () => closed),
    close() {
      closed = true;
      queue.length = 0;
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** A timer that can be cancelled (shared/ sees no clearTimeout) and does nothing once its scheduler has closed. */
function delayed(ms: number, callback: () => void, closed: () => boolean): () => void {
  let cancelled = false;
  platform.setTimeout(() => {
    if (!cancelled && !closed()) callback();
  }, ms);
  return () => {
    cancelled = true;
  };
}

/** The best scheduler this platform has. */
export function defaultScheduler(): Scheduler {
  if (platform.setImmediate) return immediateScheduler();
  if (platform.MessageChannel) return messageChannelScheduler();
  return { schedule: (callback) => void platform.setTimeout(callback, 0), later: (ms, callback) => delayed(ms, callback, () => false), close: () => {} };
}

/** Milliseconds from a monotonic clock where there is one. */
export function monotonicNow(): number {
  return platform.performance ? platform.performance.now() : Date.now();
}
