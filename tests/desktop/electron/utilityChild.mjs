/**
 * Loaded with `node --import` into a process forked with child_process.fork:
 * stands in for Electron's `process.parentPort` and for the MessagePortMain
 * objects transferred with its messages, over Node's IPC channel.
 *
 * Parent → child: { kind: 'parent', data, portIds }   a parentPort message, with ports created for portIds
 *                 { kind: 'port', id, data }           a message to port id
 *                 { kind: 'port-close', id }           the other end of port id closed
 * Child → parent: { kind: 'parent', data }             process.parentPort.postMessage
 *                 { kind: 'port', id, data }           port.postMessage
 *                 { kind: 'port-closed', id }          port.close()
 */

import { EventEmitter } from 'node:events';

const ports = new Map();

class HarnessPort extends EventEmitter {
  constructor(id) {
    super();
    this.id = id;
    this.started = false;
    this.closed = false;
    this.queue = [];
  }

  postMessage(data) {
    if (!this.closed) process.send({ kind: 'port', id: this.id, data });
  }

  // Like MessagePortMain, messages wait until start().
  start() {
    this.started = true;
    for (const data of this.queue.splice(0)) this.emit('message', { data, ports: [] });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    ports.delete(this.id);
    process.send({ kind: 'port-closed', id: this.id });
  }

  deliver(data) {
    if (this.closed) return;
    if (this.started) this.emit('message', { data, ports: [] });
    else this.queue.push(data);
  }

  remoteClosed() {
    this.closed = true;
    ports.delete(this.id);
    this.emit('close');
  }
}

const parentPort = new EventEmitter();
parentPort.postMessage = (data) => process.send({ kind: 'parent', data });
process.parentPort = parentPort;

// Like Electron's parentPort, messages wait for the first 'message' listener (the entry module loads after IPC starts).
const waiting = [];
parentPort.on('newListener', (event) => {
  if (event === 'message') setImmediate(() => waiting.splice(0).forEach((m) => parentPort.emit('message', m)));
});

process.on('message', (message) => {
  if (message.kind === 'parent') {
    const transferred = (message.portIds ?? []).map((id) => {
      const port = new HarnessPort(id);
      ports.set(id, port);
      return port;
    });
    const event = { data: message.data, ports: transferred };
    if (parentPort.listenerCount('message') > 0) parentPort.emit('message', event);
    else waiting.push(event);
  } else if (message.kind === 'port') {
    ports.get(message.id)?.deliver(message.data);
  } else if (message.kind === 'port-close') {
    ports.get(message.id)?.remoteClosed();
  }
});
