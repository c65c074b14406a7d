/** Coalesces redraw requests so a chart draws at most once per animation frame, however often its data changes. */
export class FrameScheduler {
  private handle = 0;

  constructor(private readonly draw: () => void) {}

  request(): void {
    if (this.handle !== 0) return;
    this.handle = requestAnimationFrame(() => {
      this.handle = 0;
      this.draw();
    });
  }

  cancel(): void {
    if (this.handle !== 0) cancelAnimationFrame(this.handle);
    this.handle = 0;
  }
}
