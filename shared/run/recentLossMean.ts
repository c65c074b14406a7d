/** The mean loss a run reports at its end (the CLI's train, each run of a sweep) covers this many last iterations. */
export const MEAN_LOSS_WINDOW = 1000;

/** The mean of a run's last MEAN_LOSS_WINDOW losses, fed with each progress message's losses as they arrive. */
export class RecentLossMean {
  private readonly recent = new Float64Array(MEAN_LOSS_WINDOW);
  private count = 0;

  add(losses: ArrayLike<number>): void {
    for (let i = 0; i < losses.length; i++) this.recent[(this.count + i) % MEAN_LOSS_WINDOW] = losses[i]!;
    this.count += losses.length;
  }

  /** The mean so far; null before any loss. */
  mean(): number | null {
    const n = Math.min(this.count, MEAN_LOSS_WINDOW);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.recent[i]!;
    return n > 0 ? sum / n : null;
  }
}
