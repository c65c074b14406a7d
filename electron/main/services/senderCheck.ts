/**
 * Every IPC message must come from the top frame of one of the app's own
 * windows showing the app's own pages; anything else (another webContents, an
 * iframe, a page that navigated away) is refused.
 */

/** The parts of an IpcMainEvent the check reads. */
export interface IpcSender {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface SenderCheckOptions {
  /** True for the webContents id of a window this app created. */
  isAppWindow(webContentsId: number): boolean;
  /** Origins the app's pages load from, e.g. "app://studio" (and the dev server in development). */
  origins: readonly string[];
}

/** Null when the sender may use the channel; otherwise why not. */
export function senderProblem(event: IpcSender, options: SenderCheckOptions): string | null {
  if (!options.isAppWindow(event.sender.id)) return `webContents ${event.sender.id} is not one of the app's windows`;
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent) return `the message came from a subframe (${frame.url})`;
  let origin: string;
  try {
    origin = new URL(frame.url).origin;
  } catch {
    return `the sending page has no valid URL (${JSON.stringify(frame.url)})`;
  }
  // Custom schemes give the origin "null" in the URL API; compare scheme and host instead.
  if (origin === 'null') {
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  }
  if (!options.origins.includes(origin)) return `the sending page ${frame.url} is not one of the app's pages`;
  return null;
}

export class ForeignSenderError extends Error {
  override name = 'ForeignSenderError';
}

/** Throws ForeignSenderError (naming the channel) for a sender that fails the check. */
export function assertTrustedSender(channel: string, event: IpcSender, options: SenderCheckOptions): void {
  const problem = senderProblem(event, options);
  if (problem) throw new ForeignSenderError(`refused ${channel}: ${problem}`);
}
