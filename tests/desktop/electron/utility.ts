/**
 * utilityProcess.fork as a real child process: Node's child_process.fork of
 * the same entry, with utilityChild.mjs giving it `process.parentPort` and
 * the MessagePortMain ends transferred to it, over Node's IPC channel
 * (structured clone, as Electron's). As in Electron: `pid` is undefined until
 * the process has spawned, and kill() returns false until then; messages wait
 * until the child listens; an end other than a clean exit is reported through
 * the app's 'child-process-gone' with the process's service name.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { StandInMessagePortMain } from './ports';
import { gap, strict, world } from './world';

const CHILD_PRELOAD = fileURLToPath(new URL('./utilityChild.mjs', import.meta.url));

export interface ForkOptions {
  serviceName?: string;
  stdio?: 'pipe' | 'ignore' | 'inherit' | unknown[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  execArgv?: string[];
}

const FORK_OPTIONS = new Set(['serviceName', 'stdio', 'env', 'cwd', 'execArgv']);

let forks = 0;

export class StandInUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly serviceName: string;
  /** Whether kill() was called (the end is then reported as killed). */
  killRequested = false;
  private readonly child: ChildProcess;
  private readonly ports = new Map<string, { post(data: unknown): void; close(): void }>();
  private exited = false;

  constructor(modulePath: string, args: string[], options: ForkOptions, private readonly onGone: (details: Electron.Details) => void) {
    super();
    for (const key of Object.keys(options)) if (!FORK_OPTIONS.has(key)) gap(`utilityProcess.fork's option "${key}"`);
    if (!existsSync(modulePath)) throw new Error(`utilityProcess.fork: no such module ${modulePath}`);
    this.serviceName = options.serviceName ?? 'Node Utility Process';
    const pipe = options.stdio === 'pipe';
    if (options.stdio !== undefined && options.stdio !== 'pipe' && options.stdio !== 'inherit' && options.stdio !== 'ignore') gap('utilityProcess.fork with an stdio array');
    this.child = fork(modulePath, args, {
      execArgv: ['--import', CHILD_PRELOAD, ...(options.execArgv ?? [])],
      serialization: 'advanced',
      stdio: ['ignore', pipe ? 'pipe' : (options.stdio as 'inherit' | 'ignore' | undefined) ?? 'inherit', pipe ? 'pipe' : (options.stdio as 'inherit' | 'ignore' | undefined) ?? 'inherit', 'ipc'],
      env: options.env ?? process.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    world.log.forked.push(this.serviceName);
    forks += 1;
    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (raw) => this.fromChild(raw as { kind: string; id?: string; data?: unknown }));
    this.child.on('exit', (code, signal) => this.ended(code, signal));
    return strict('UtilityProcess', this);
  }

  postMessage(message: unknown, transfer: StandInMessagePortMain[] = []): void {
    if (this.exited) throw new Error('UtilityProcess.postMessage: the process has exited');
    const portIds = transfer.map((port) => {
      const id = `p${forks}-${this.ports.size + 1}`;
      this.ports.set(
        id,
        port.transferTo({
          deliver: (data) => this.send({ kind: 'port', id, data }),
          closed: () => this.send({ kind: 'port-close', id }),
        }),
      );
      return id;
    });
    this.send({ kind: 'parent', data: message, portIds });
  }

  /** As Electron's: false (and nothing done) before the process has a pid or after it ended. */
  kill(): boolean {
    if (this.pid === undefined || this.exited) return false;
    this.killRequested = true;
    return this.child.kill();
  }

  /** The harness's way to crash it (SIGKILL, not through kill()). */
  crash(): void {
    this.child.kill('SIGKILL');
  }

  get running(): boolean {
    return !this.exited;
  }

  private send(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }

  private fromChild(message: { kind: string; id?: string; data?: unknown }): void {
    if (message.kind === 'parent') this.emit('message', message.data);
    else if (message.kind === 'port') this.ports.get(message.id!)?.post(message.data);
    else if (message.kind === 'port-closed') this.ports.get(message.id!)?.close();
  }

  private ended(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.pid = undefined;
    for (const port of this.ports.values()) port.close();
    // Electron reports a signal death as an exit code, as a shell does (128 + the signal's number).
    const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
    if (exitCode !== 0 || signal) {
      const reason = this.killRequested ? 'killed' : signal ? 'crashed' : 'abnormal-exit';
      this.onGone({ type: 'Utility', reason, exitCode, serviceName: this.serviceName, name: this.serviceName } as Electron.Details);
    }
    this.emit('exit', exitCode);
  }
}
