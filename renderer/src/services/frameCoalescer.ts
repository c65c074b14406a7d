/**
 * Runs a flush at most once per animation frame however often it is asked
 * for. A timer stands in when frames stop (a hidden tab), so the state still
 * catches up.
 */
export interface FrameCoalescer {
  request(): void;
  cancel(): void;
}

export function createFrameCoalescer(flush: () => void, fallbackMs = 250): FrameCoalescer {
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cancel = () => {
    if (frame) cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
  };
  const run = () => {
    cancel();
    flush();
  };

  return {
    request() {
      if (frame || timer !== undefined) return;
      // Workers and test runners have no frames; the timer alone paces them.
      if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(run);
      timer = setTimeout(run, frame ? fallbackMs : 16);
    },
    cancel,
  };
}

/** Runs `action` at most once per `intervalMs`; a request inside the interval runs at its end, so the last one is never lost. */
export function createRateLimiter(action: () => void, intervalMs: number): { request(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = performance.now();
    action();
  };
  return {
    request() {
      if (timer !== undefined) return;
      const wait = last + intervalMs - performance.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
  };
}
