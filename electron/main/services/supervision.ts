/**
 * Supervision of one child process (Electron's utility process, or anything
 * shaped like it): learns of its end from the app's `child-process-gone`
 * (authoritative: it carries the reason) and from its own `exit`, reports the
 * end exactly once, refuses to post to a process that has exited, and kills it
 * on request without waiting for it.
 */

import { createInterface } from 'node:readline';

/** The part of Electron's UtilityProcess that supervision uses. */
export interface SupervisedChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown, transfer?: never[]): void;
  /** False (and nothing done) while the process has no pid yet, as Electron's UtilityProcess.kill. */
  kill(): boolean;
  once(event: 'exit', listener: (code: number) => void): unknown;
  once(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** Electron's `child-process-gone` details (the fields used here). */
export interface ChildProcessGoneDetails {
  type: string;
  reason: string;
  exitCode: number;
  serviceName?: string;
  name?: string;
}

/** Subscribes to the app's `child-process-gone` events; returns the unsubscribe function. */
export type GoneEvents = (listener: (details: ChildProcessGoneDetails) => void) => () => void;

export interface ProcessEnd {
  /** Electron's reason ('crashed', 'killed', 'oom', 'clean-exit', 'abnormal-exit', …). */
  reason: string;
  exitCode: number;
  /** True when it ended because kill() was called. */
  expected: boolean;
}

export interface SupervisionOptions {
  serviceName: string;
  child: SupervisedChild;
  goneEvents: GoneEvents;
  onEnd: (end: ProcessEnd) => void;
  log: (line: string) => void;
  /** How long after `exit` to wait for `child-process-gone` and its reason. */
  exitGraceMs?: number;
}

export class SupervisedProcess {
  private exited = false;
  private reported = false;
  private killed = false;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: SupervisionOptions) {
    const { child, serviceName, log } = options;
    pipeLines(child.stdout, (line) => log(`[${serviceName}] ${line}`));
    pipeLines(child.stderr, (line) => log(`[${serviceName}:stderr] ${line}`));
    this.unsubscribe = options.goneEvents((details) => {
      if (details.type !== 'Utility' || (details.name !== serviceName && details.serviceName !== serviceName)) return;
      this.exited = true;
      this.report(details.reason, details.exitCode);
    });
    child.once('exit', (code) => {
      this.exited = true;
      if (this.reported) return;
      this.graceTimer = setTimeout(() => this.report(code === 0 ? 'clean-exit' : 'abnormal-exit', code), options.exitGraceMs ?? 250);
    });
  }

  get serviceName(): string {
    return this.options.serviceName;
  }

  /** True until the process has exited (or been killed). */
  get running(): boolean {
    return !this.exited && !this.killed;
  }

  /** Posts a message; false (and nothing sent) once the process has exited or was killed. */
  post(message: unknown, transfer?: unknown[]): boolean {
    if (!this.running) {
      this.options.log(`[${this.options.serviceName}] not posting ${describe(message)}: the process has exited`);
      return false;
    }
    this.options.child.postMessage(message, transfer as never[] | undefined);
    return true;
  }

  /** Ends the process without waiting; its end is reported as expected. Safe to call more than once. */
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    if (this.exited) return;
    // Asked in the instant between fork and spawn, kill() does nothing: ask again once there is a process to end.
    if (!this.options.child.kill()) this.options.child.once('spawn', () => this.options.child.kill());
  }

  private report(reason: string, exitCode: number): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    if (this.reported) return;
    this.reported = true;
    this.unsubscribe();
    const end: ProcessEnd = { reason, exitCode, expected: this.killed };
    this.options.log(`[${this.options.serviceName}] ended: ${reason}, exit code ${exitCode}${end.expected ? ' (asked to stop)' : ''}`);
    this.options.onEnd(end);
  }
}

function pipeLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  if (!stream) return;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', write);
  // A stream error must not take the main process down; the process's end is reported separately.
  stream.on('error', () => lines.close());
}

function describe(message: unknown): string {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? `"${type}"` : 'a message';
}

/** What a person reads when the trainer ended on its own. */
export function describeProcessEnd(end: ProcessEnd): string {
  const what: Record<string, string> = {
    crashed: 'crashed',
    killed: 'was killed',
    oom: 'ran out of memory',
    'abnormal-exit': 'exited unexpectedly',
    'clean-exit': 'exited unexpectedly',
    'launch-failed': 'could not be started',
    'integrity-failure': 'failed an integrity check',
    'memory-eviction': 'was ended by the system to free memory',
  };
  const happened = what[end.reason] ?? `stopped (${end.reason})`;
  return `The trainer process ${happened} (reason: ${end.reason}, exit code ${end.exitCode}). The weights received before it stopped are kept; press Train to continue in a new trainer.`;
}
