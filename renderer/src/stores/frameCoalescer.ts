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
      frame = requestAnimationFrame(run);
      timer = setTimeout(run, fallbackMs);
    },
    cancel,
  };
}
