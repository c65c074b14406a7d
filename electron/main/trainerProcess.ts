/** The Electron pieces of a window's trainer: utilityProcess.fork, MessageChannelMain and the app's child-process-gone events. */

import { app, MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import type { Log } from './services/appLog';
import { WindowTrainer } from './services/windowTrainer';

export function createWindowTrainer(options: {
  entry: string;
  windowId: number;
  /** The slot of a sweep's pool this trainer serves; none for the window's own trainer. */
  poolSlot?: number;
  /** End the process when its last connection closes. */
  endWhenIdle?: boolean;
  log: Log;
  onCrash: (message: string, connectionIds: string[]) => void;
}): WindowTrainer<MessagePortMain> {
  return new WindowTrainer<MessagePortMain>({
    serviceNamePrefix: `rnn-trainer-w${options.windowId}${options.poolSlot === undefined ? '' : `-pool${options.poolSlot}`}`,
    fork: (serviceName) => utilityProcess.fork(options.entry, [], { serviceName, stdio: 'pipe' }),
    createChannel: () => {
      const { port1, port2 } = new MessageChannelMain();
      return { trainerEnd: port1, windowEnd: port2 };
    },
    goneEvents: (listener) => {
      const onGone = (_event: Electron.Event, details: Electron.Details) => listener(details);
      app.on('child-process-gone', onGone);
      return () => app.off('child-process-gone', onGone);
    },
    log: options.log,
    onCrash: options.onCrash,
    endWhenIdle: options.endWhenIdle === true,
  });
}
