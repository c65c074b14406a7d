/**
 * The trainer's utility process. The main process sends `{ type: 'connect' }`
 * with one end of a message channel over `process.parentPort`; the trainer
 * service then talks to the window through that port alone. A new connection
 * replaces the previous one (a window reconnecting), and a port whose window
 * end closed stops its service; when it was the one being served, the
 * trainer tells the main process it is idle, with the number of connects it
 * has had (a sweep's pool slot is then ended).
 */

import type { MessagePortMain, ParentPort } from 'electron';
import { TrainerService } from '../../shared/trainer/trainerService';
import { immediateScheduler } from '../../shared/trainer/scheduler';
import type { Port } from '../../shared/trainer/contract';

/** The shared Port over an Electron MessagePortMain. It cannot transfer ArrayBuffers, so they are copied. */
function portOver(port: MessagePortMain): Port {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (handler) => port.on('message', (event) => handler(event.data)),
  };
}

function isConnect(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'connect';
}

const parentPort: ParentPort | undefined = process.parentPort;
if (!parentPort) {
  process.stderr.write('the trainer runs as an Electron utility process (process.parentPort is missing)\n');
  process.exit(2);
}

let current: { port: MessagePortMain; service: TrainerService } | null = null;
let connects = 0;

function release(): void {
  if (!current) return;
  current.service.dispose();
  current.port.close();
  current = null;
}

parentPort.on('message', (event) => {
  const port = event.ports[0];
  if (!isConnect(event.data) || !port) {
    process.stderr.write('ignored a message from the main process that was not a connect with a port\n');
    return;
  }
  release();
  connects += 1;
  const service = new TrainerService(portOver(port), { scheduler: immediateScheduler() });
  const connection = { port, service };
  current = connection;
  port.on('close', () => {
    if (current !== connection) return;
    release();
    parentPort.postMessage({ type: 'idle', connects });
  });
  port.start();
});
