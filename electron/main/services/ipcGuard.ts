/**
 * Wraps an IPC handler so that it runs only for a trusted sender and always
 * answers with a HostResult: a refusal for a foreign sender (the work never
 * runs), the error's message for a failure, the value otherwise.
 */

import type { HostResult } from '../../common/ipc';
import { senderProblem, type IpcSender, type SenderCheckOptions } from './senderCheck';

export interface GuardOptions<Window> extends SenderCheckOptions {
  windowOf(webContentsId: number): Window | undefined;
  log(line: string): void;
  /** Errors whose message is meant for people and need no log entry. */
  expected?(error: unknown): boolean;
}

export const REFUSED_MESSAGE = 'This request did not come from an RNN Studio window and was refused.';

/** The sender's window, or null (logged) when the sender fails the check. */
export function trustedWindow<Window>(channel: string, event: IpcSender, options: GuardOptions<Window>): Window | null {
  const problem = senderProblem(event, options);
  if (problem) {
    options.log(`refused ${channel}: ${problem}`);
    return null;
  }
  return options.windowOf(event.sender.id) ?? null;
}

export function guardedHandler<Window, Event extends IpcSender, T>(
  channel: string,
  options: GuardOptions<Window>,
  work: (window: Window, event: Event, ...args: unknown[]) => Promise<T>,
): (event: Event, ...args: unknown[]) => Promise<HostResult<T>> {
  return async (event, ...args) => {
    const window = trustedWindow(channel, event, options);
    if (!window) return { ok: false, message: REFUSED_MESSAGE };
    try {
      return { ok: true, value: await work(window, event, ...args) };
    } catch (error) {
      if (!options.expected?.(error)) options.log(`${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  };
}

export function guardedListener<Window, Event extends IpcSender>(
  channel: string,
  options: GuardOptions<Window>,
  work: (window: Window, value: unknown) => void,
): (event: Event, value: unknown) => void {
  return (event, value) => {
    const window = trustedWindow(channel, event, options);
    if (!window) return;
    try {
      work(window, value);
    } catch (error) {
      options.log(`${channel} refused: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
