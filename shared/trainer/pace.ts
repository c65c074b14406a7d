/**
 * A run's pace: how many iterations per second it may train. Pacing changes
 * when iterations run, never what they compute, so a run's numbers are the
 * same bits at every pace.
 */

/** The slowest and fastest paces a trainer accepts (iterations per second). */
export const MIN_PACE = 0.1;
export const MAX_PACE = 1_000_000;

/** A pace's problem, or null when it is one (null itself: as fast as possible). */
export function checkPace(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_PACE || value > MAX_PACE) {
    return `the pace must be a number of iterations per second from ${MIN_PACE} to ${MAX_PACE}, or null for full speed`;
  }
  return null;
}

/**
 * The iterations a paced run may have done by a time: the first at once, then
 * one every 1/perSecond seconds, counted from where the pace was last set (or
 * the run resumed), so a run that could not keep up does not rush to catch up.
 */
export class PaceClock {
  private originMs = 0;
  private originIteration = 0;

  constructor(readonly perSecond: number) {}

  /** Counts from here: `iteration` done at `now`. */
  restart(now: number, iteration: number): void {
    this.originMs = now;
    this.originIteration = iteration;
  }

  /** How many more iterations may run at `now`, with `iteration` done (0 when the next is not due). */
  allowance(now: number, iteration: number): number {
    const due = this.originIteration + Math.floor(((now - this.originMs) * this.perSecond) / 1000) + 1;
    return Math.max(0, due - iteration);
  }

  /** Milliseconds from `now` until the next iteration after `iteration` is due. */
  wait(now: number, iteration: number): number {
    return Math.max(0, this.originMs + ((iteration - this.originIteration) * 1000) / this.perSecond - now);
  }
}
