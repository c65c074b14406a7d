/**
 * One window's trainer: forks the trainer process on the first connection
 * (and again after it ended), hands it one end of a fresh message channel and
 * returns the other end for the window, so progress never passes through the
 * main process. An end nobody asked for is reported to the window; the process
 * is killed when the window goes.
 */

import { SupervisedProcess, describeProcessEnd, type GoneEvents, type SupervisedChild } from './supervision';

/** What the trainer entry expects with the port it should serve. */
export const CONNECT_MESSAGE = { type: 'connect' } as const;

/** What the trainer entry says when the connection it served closed and none is left: how many it was sent in all. */
export interface IdleMessage {
  type: 'idle';
  connects: number;
}

function isIdle(message: unknown): message is IdleMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'idle' && typeof (message as { connects?: unknown }).connects === 'number';
}

export interface WindowTrainerOptions<Port> {
  /** Starts a trainer process named `serviceName` (utilityProcess.fork). */
  fork(serviceName: string): SupervisedChild;
  /** A new channel (MessageChannelMain): one end for the trainer, one for the window. */
  createChannel(): { trainerEnd: Port; windowEnd: Port };
  goneEvents: GoneEvents;
  log: (line: string) => void;
  /** Tells the window its trainer ended without being asked to, and which connections it served. */
  onCrash: (message: string, connectionIds: string[]) => void;
  /** A name for the process, unique in the app (child-process-gone is matched by it). */
  serviceNamePrefix: string;
  exitGraceMs?: number;
  /**
   * End the process once the last connection it was sent has closed (a sweep's
   * pool slot: its process has nothing to do until the next sweep forks it again).
   */
  endWhenIdle?: boolean;
}

interface Running {
  process: SupervisedProcess;
  child: SupervisedChild;
  connectionIds: string[];
}

export class WindowTrainer<Port> {
  private current: Running | null = null;
  private forks = 0;
  private disposed = false;

  constructor(private readonly options: WindowTrainerOptions<Port>) {}

  /**
   * The window's end of a new connection to a running trainer (forked now if
   * there is none). connectionId names it in a later crash report.
   */
  connect(connectionId: string): Port {
    if (this.disposed) throw new Error('the window is closing; no trainer can be started');
    const running = this.current?.process.running ? this.current : this.start();
    const { trainerEnd, windowEnd } = this.options.createChannel();
    if (!running.process.post(CONNECT_MESSAGE, [trainerEnd])) throw new Error('the trainer process exited while connecting; try again');
    running.connectionIds.push(connectionId);
    return windowEnd;
  }

  /** The trainer's process id while it runs. */
  get pid(): number | undefined {
    return this.current?.process.running ? this.current.child.pid : undefined;
  }

  /** Kills the trainer without waiting (the window is closing); no crash is reported. */
  dispose(): void {
    this.disposed = true;
    this.current?.process.kill();
  }

  private start(): Running {
    this.forks += 1;
    const serviceName = `${this.options.serviceNamePrefix}-${this.forks}`;
    const child = this.options.fork(serviceName);
    const running: Running = {
      child,
      connectionIds: [],
      process: new SupervisedProcess({
        serviceName,
        child,
        goneEvents: this.options.goneEvents,
        log: this.options.log,
        ...(this.options.exitGraceMs !== undefined ? { exitGraceMs: this.options.exitGraceMs } : {}),
        onEnd: (end) => {
          if (this.current === running) this.current = null;
          if (!end.expected && !this.disposed) this.options.onCrash(describeProcessEnd(end), running.connectionIds);
        },
      }),
    };
    if (this.options.endWhenIdle) {
      child.on('message', (message) => {
        // Idle of the connections sent so far: a connect on its way when the message left does not count as closed.
        if (!isIdle(message) || this.current !== running || message.connects !== running.connectionIds.length) return;
        this.options.log(`[${serviceName}] idle: its last connection closed; ending it`);
        this.current = null;
        running.process.kill();
      });
    }
    this.current = running;
    return running;
  }
}
