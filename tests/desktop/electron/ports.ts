/**
 * MessageChannelMain's two entangled MessagePortMain ends, and what becomes of
 * an end when it is transferred: to a utility process (its messages are
 * relayed over Node's IPC channel) or to a page (it becomes a DOM MessagePort
 * there). As in Electron, a port holds its messages until start(), a
 * transferred port can no longer be used where it was, and closing one end
 * emits 'close' at the other. Messages are structured-cloned.
 */

import { EventEmitter } from 'node:events';
import { clone, gap, strict } from './world';

/** Where a transferred end's messages go instead of its own listeners. */
export interface PortSink {
  deliver(data: unknown): void;
  closed(): void;
}

export class StandInMessagePortMain extends EventEmitter {
  partner: StandInMessagePortMain | null = null;
  private sink: PortSink | null = null;
  private started = false;
  private isClosed = false;
  private readonly queue: unknown[] = [];

  constructor() {
    super();
    return strict('MessagePortMain', this);
  }

  postMessage(message: unknown, transfer?: unknown[]): void {
    this.usable('postMessage');
    if (transfer && transfer.length > 0) gap('MessagePortMain.postMessage with transferred ports');
    if (this.isClosed) return;
    this.partner?.receive(clone(message));
  }

  start(): void {
    this.usable('start');
    this.started = true;
    for (const data of this.queue.splice(0)) this.emit('message', { data, ports: [] });
  }

  close(): void {
    this.usable('close');
    this.closeFromHere();
  }

  /** Hands this end to another process or page: from now on its messages go to `sink`, and the other side talks through `fromRemote`. */
  transferTo(sink: PortSink): { post(data: unknown): void; close(): void } {
    if (this.sink) throw new Error('DataCloneError: a MessagePortMain can be transferred once');
    this.sink = sink;
    for (const data of this.queue.splice(0)) sink.deliver(data);
    if (this.isClosed) sink.closed();
    return {
      post: (data) => {
        if (!this.isClosed) this.partner?.receive(clone(data));
      },
      close: () => this.closeFromHere(),
    };
  }

  get transferred(): boolean {
    return this.sink !== null;
  }

  /** A message from the entangled end. */
  receive(data: unknown): void {
    if (this.isClosed) return;
    if (this.sink) this.sink.deliver(data);
    else if (this.started) this.emit('message', { data, ports: [] });
    else this.queue.push(data);
  }

  private closeFromHere(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.partner?.remoteClosed();
  }

  private remoteClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.sink) this.sink.closed();
    else this.emit('close');
  }

  private usable(method: string): void {
    if (this.sink) throw new Error(`InvalidStateError: MessagePortMain.${method} on a port that was transferred away`);
  }
}

export class StandInMessageChannelMain {
  readonly port1 = new StandInMessagePortMain();
  readonly port2 = new StandInMessagePortMain();

  constructor() {
    this.port1.partner = this.port2;
    this.port2.partner = this.port1;
    return strict('MessageChannelMain', this);
  }
}

type Listener = (event: { data: unknown; ports: unknown[]; target: unknown }) => void;

/**
 * A transferred MessagePortMain as a page sees it: the DOM's MessagePort
 * (onmessage, which starts the port, addEventListener, start, postMessage, close).
 */
export class StandInDomMessagePort {
  private readonly listeners = { message: new Set<Listener>(), close: new Set<() => void>() };
  private handler: Listener | null = null;
  private started = false;
  private readonly queue: unknown[] = [];
  private readonly remote: { post(data: unknown): void; close(): void };

  constructor(port: StandInMessagePortMain) {
    this.remote = port.transferTo({ deliver: (data) => this.receive(data), closed: () => this.listeners.close.forEach((listener) => listener()) });
    return strict('MessagePort', this);
  }

  set onmessage(handler: Listener | null) {
    this.handler = handler;
    this.start();
  }

  get onmessage(): Listener | null {
    return this.handler;
  }

  addEventListener(type: string, listener: Listener & (() => void)): void {
    if (type === 'message') this.listeners.message.add(listener);
    else if (type === 'close') this.listeners.close.add(listener);
    else gap(`MessagePort events "${type}"`);
  }

  removeEventListener(type: string, listener: Listener & (() => void)): void {
    if (type === 'message') this.listeners.message.delete(listener);
    else if (type === 'close') this.listeners.close.delete(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const data of this.queue.splice(0)) this.dispatch(data);
  }

  postMessage(message: unknown, transfer?: unknown[]): void {
    if (transfer && transfer.length > 0) gap('MessagePort.postMessage with transferred objects');
    this.remote.post(clone(message));
  }

  close(): void {
    this.remote.close();
  }

  private receive(data: unknown): void {
    if (this.started) setImmediate(() => this.dispatch(data));
    else this.queue.push(data);
  }

  private dispatch(data: unknown): void {
    const event = { data, ports: [], target: this };
    this.handler?.(event);
    this.listeners.message.forEach((listener) => listener(event));
  }
}
