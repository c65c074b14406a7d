/**
 * Requests to open something (a file from the OS or a second launch, a window
 * on activate) that arrive before the first window exists. The ready handler
 * awaits the recent-files list before it opens that window; a request handled
 * in that gap would open a window of its own, and start-up another, empty one.
 * So requests wait here until the first window exists, then go to it.
 */

export type OpenRequest = { kind: 'file'; path: string } | { kind: 'window' };

export class StartupOpens {
  private waiting: OpenRequest[] | null;

  /**
   * @param launchFiles the files named on this process's command line
   * @param handle what opening means once the first window exists
   */
  constructor(
    launchFiles: readonly string[],
    private readonly handle: (request: OpenRequest) => void,
  ) {
    this.waiting = launchFiles.map((path) => ({ kind: 'file', path }));
  }

  /** True once the first window exists and requests are handled as they come. */
  get started(): boolean {
    return this.waiting === null;
  }

  /** Handles the request now, or once the first window exists. */
  request(request: OpenRequest): void {
    if (this.waiting) this.waiting.push(request);
    else this.handle(request);
  }

  /**
   * The first window exists: returns the files that waited, in order and each
   * once, for that window to take the first and new windows the rest. Requests
   * for a window are met by the first window itself.
   */
  firstWindowOpened(): string[] {
    const waiting = this.waiting ?? [];
    this.waiting = null;
    return [...new Set(waiting.flatMap((request) => (request.kind === 'file' ? [request.path] : [])))];
  }
}
