/** The live progress line on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise. */

const TTY_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 3000;

export interface ProgressFigures {
  iteration: number;
  target: number;
  loss: number | null;
  itersPerSecond: number;
}

export class ProgressLine {
  private lastDrawn = -Infinity;
  private drawnOnce = false;

  constructor(
    private readonly stream: { write(text: string): unknown; isTTY?: boolean },
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(figures: ProgressFigures): void {
    const now = this.now();
    if (now - this.lastDrawn < (this.stream.isTTY ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) return;
    this.lastDrawn = now;
    this.draw(figures);
  }

  /** The final figures, always shown, and the line ended. */
  done(figures: ProgressFigures): void {
    if (!this.drawnOnce && !this.stream.isTTY) return;
    this.draw(figures);
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private draw(f: ProgressFigures): void {
    this.drawnOnce = true;
    const text = formatProgress(f);
    this.stream.write(this.stream.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
  }
}

export function formatProgress(f: ProgressFigures): string {
  const remaining = Math.max(0, f.target - f.iteration);
  const eta = f.itersPerSecond > 0 ? formatDuration(remaining / f.itersPerSecond) : '?';
  const loss = f.loss === null ? '—' : f.loss.toFixed(4);
  return `iteration ${f.iteration.toLocaleString('en-US')}/${f.target.toLocaleString('en-US')}  loss ${loss}  ${Math.round(f.itersPerSecond).toLocaleString('en-US')} it/s  ETA ${eta}`;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
