/** Numbers as the status bar shows them. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Seconds as m:ss, or h:mm:ss from an hour on. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A short duration with the precision it deserves: "0.04 s", "3.2 s", "1:05". */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Number(seconds.toPrecision(2))} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return formatDuration(seconds);
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

const STATE_LABELS: Record<string, string> = {
  idle: 'Ready',
  running: 'Training',
  paused: 'Paused',
  finished: 'Finished',
  stopped: 'Stopped',
  diverged: 'Diverged',
  blocked: 'Settings need fixing',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

/**
 * The run's state as the person should see it. A run is set up paused (so its initial weights
 * can be inspected) when the studio starts, resets or opens a file; until it has moved past the
 * iteration it started from, it is ready, not paused, and there is nothing to resume.
 */
export function shownState(state: string, iteration: number, startedAt: number): string {
  return state === 'paused' && iteration === startedAt ? 'idle' : state;
}
