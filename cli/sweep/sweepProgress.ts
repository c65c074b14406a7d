/** The sweep's progress on stderr: runs done of all, elapsed time and ETA; redrawn in place on a terminal, a line every few seconds otherwise. */

const TTY_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 3000;

export class SweepProgress {
  private done_ = 0;
  private lastDrawn = -Infinity;
  private drawnOnce = false;
  private workers = 1;
  private readonly started: number;

  constructor(
    private readonly stream: { write(text: string): unknown; isTTY?: boolean },
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** One more run has finished. */
  update(workers: number): void {
    this.done_++;
    this.workers = workers;
    const now = this.now();
    if (now - this.lastDrawn < (this.stream.isTTY ? TTY_INTERVAL_MS : LOG_INTERVAL_MS) && this.done_ < this.total) return;
    this.lastDrawn = now;
    this.draw(now);
  }

  /** Ends the line on a terminal. */
  done(): void {
    if (this.drawnOnce && this.stream.isTTY) this.stream.write('\n');
  }

  private draw(now: number): void {
    this.drawnOnce = true;
    const text = formatSweepProgress(this.done_, this.total, (now - this.started) / 1000, this.workers);
    this.stream.write(this.stream.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
  }
}

/** "runs 12/100  elapsed 3.2s  ETA 23.5s  2 workers": the ETA assumes the remaining runs take as long on average as the finished ones. */
export function formatSweepProgress(done: number, total: number, elapsedSeconds: number, workers: number): string {
  const eta = done > 0 ? formatSeconds((elapsedSeconds / done) * (total - done)) : '?';
  return `runs ${done}/${total}  elapsed ${formatSeconds(elapsedSeconds)}  ETA ${eta}  ${workers} worker${workers === 1 ? '' : 's'}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
