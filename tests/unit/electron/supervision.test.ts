import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SupervisedProcess, describeProcessEnd, type ChildProcessGoneDetails, type ProcessEnd, type SupervisedChild } from '../../../electron/main/services/supervision';
import { WindowTrainer } from '../../../electron/main/services/windowTrainer';

/** A utility process stand-in: records what is posted, exits when told. */
class FakeChild extends EventEmitter implements SupervisedChild {
  pid: number | undefined = 4242;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly posted: { message: unknown; transfer: unknown[] | undefined }[] = [];
  kills = 0;

  postMessage(message: unknown, transfer?: never[]): void {
    this.posted.push({ message, transfer });
  }

  kill(): boolean {
    this.kills += 1;
    return true;
  }

  exit(code: number): void {
    this.pid = undefined;
    this.emit('exit', code);
  }
}

class GoneSource {
  private readonly listeners = new Set<(details: ChildProcessGoneDetails) => void>();
  subscribe = (listener: (details: ChildProcessGoneDetails) => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  emit(details: ChildProcessGoneDetails): void {
    for (const l of [...this.listeners]) l(details);
  }
  get size(): number {
    return this.listeners.size;
  }
}

function supervise(serviceName = 'rnn-trainer-w1-1') {
  const child = new FakeChild();
  const gone = new GoneSource();
  const ends: ProcessEnd[] = [];
  const log: string[] = [];
  const process = new SupervisedProcess({ serviceName, child, goneEvents: gone.subscribe, onEnd: (e) => ends.push(e), log: (l) => log.push(l), exitGraceMs: 100 });
  return { child, gone, ends, log, process };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('supervising a utility process', () => {
  it('takes the reason from child-process-gone, reports once, and ignores the exit that follows', () => {
    vi.useFakeTimers();
    const { child, gone, ends, process } = supervise();
    gone.emit({ type: 'Utility', reason: 'oom', exitCode: -536870904, name: 'rnn-trainer-w1-1' });
    child.exit(-536870904);
    vi.advanceTimersByTime(500);
    expect(ends).toEqual([{ reason: 'oom', exitCode: -536870904, expected: false }]);
    expect(process.running).toBe(false);
    expect(gone.size).toBe(0);
  });

  it('waits briefly after exit for child-process-gone, whose reason wins', () => {
    vi.useFakeTimers();
    const { child, gone, ends } = supervise();
    child.exit(139);
    vi.advanceTimersByTime(50);
    expect(ends).toEqual([]);
    gone.emit({ type: 'Utility', reason: 'crashed', exitCode: 139, serviceName: 'rnn-trainer-w1-1' });
    vi.advanceTimersByTime(500);
    expect(ends).toEqual([{ reason: 'crashed', exitCode: 139, expected: false }]);
  });

  it('reports an exit alone as abnormal (or clean for code 0) once the grace time passes', () => {
    vi.useFakeTimers();
    const a = supervise();
    a.child.exit(3);
    vi.advanceTimersByTime(99);
    expect(a.ends).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(a.ends).toEqual([{ reason: 'abnormal-exit', exitCode: 3, expected: false }]);
    const b = supervise();
    b.child.exit(0);
    vi.advanceTimersByTime(100);
    expect(b.ends).toEqual([{ reason: 'clean-exit', exitCode: 0, expected: false }]);
  });

  it("ignores other processes' child-process-gone", () => {
    const { gone, ends, process } = supervise();
    gone.emit({ type: 'Utility', reason: 'crashed', exitCode: 1, name: 'rnn-trainer-w2-1' });
    gone.emit({ type: 'GPU', reason: 'crashed', exitCode: 1, name: 'rnn-trainer-w1-1' });
    expect(ends).toEqual([]);
    expect(process.running).toBe(true);
  });

  it('posts nothing after the process exited', () => {
    const { child, process, log } = supervise();
    expect(process.post({ type: 'connect' })).toBe(true);
    child.exit(1);
    expect(process.post({ type: 'connect' })).toBe(false);
    expect(child.posted).toHaveLength(1);
    expect(log.at(-1)).toMatch(/not posting "connect": the process has exited/);
  });

  it('kills without waiting, once, and reports that end as expected', () => {
    vi.useFakeTimers();
    const { child, ends, process } = supervise();
    process.kill();
    process.kill();
    expect(child.kills).toBe(1);
    expect(process.running).toBe(false);
    expect(process.post({ type: 'x' })).toBe(false);
    child.exit(143);
    vi.advanceTimersByTime(100);
    expect(ends).toEqual([{ reason: 'abnormal-exit', exitCode: 143, expected: true }]);
  });

  it("pipes the child's stdout and stderr into the log, line by line, named by service", async () => {
    const { child, log } = supervise('rnn-trainer-w7-2');
    child.stdout.write('first line\nsecond ');
    child.stdout.write('line\n');
    child.stderr.write('a warning\n');
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['[rnn-trainer-w7-2] first line', '[rnn-trainer-w7-2] second line', '[rnn-trainer-w7-2:stderr] a warning']);
  });

  it('describes an end for a person, with the reason and what to do', () => {
    expect(describeProcessEnd({ reason: 'crashed', exitCode: 11, expected: false })).toBe(
      'The trainer process crashed (reason: crashed, exit code 11). The weights received before it stopped are kept; press Train to continue in a new trainer.',
    );
    expect(describeProcessEnd({ reason: 'something-new', exitCode: 1, expected: false })).toMatch(/^The trainer process stopped \(something-new\)/);
  });
});

describe("a window's trainer host", () => {
  function host() {
    const children: FakeChild[] = [];
    const gone = new GoneSource();
    const crashes: { message: string; ids: string[] }[] = [];
    const trainer = new WindowTrainer<{ end: string; n: number }>({
      serviceNamePrefix: 'rnn-trainer-w3',
      fork: () => {
        const child = new FakeChild();
        children.push(child);
        return child;
      },
      createChannel: (() => {
        let n = 0;
        return () => ({ trainerEnd: { end: 'trainingLoop', n: ++n }, windowEnd: { end: 'window', n } });
      })(),
      goneEvents: gone.subscribe,
      log: () => {},
      onCrash: (message, ids) => crashes.push({ message, ids }),
      exitGraceMs: 10,
    });
    return { trainer, children, gone, crashes };
  }

  it('forks once, hands the trainer one end of each channel with a connect message, and returns the other', () => {
    const { trainer, children } = host();
    expect(trainer.connect('a')).toEqual({ end: 'window', n: 1 });
    expect(trainer.connect('b')).toEqual({ end: 'window', n: 2 });
    expect(children).toHaveLength(1);
    expect(children[0]!.posted).toEqual([
      { message: { type: 'connect' }, transfer: [{ end: 'trainingLoop', n: 1 }] },
      { message: { type: 'connect' }, transfer: [{ end: 'trainingLoop', n: 2 }] },
    ]);
  });

  it('reports a crash to the connections it served, then forks a new process with a new service name', () => {
    const { trainer, children, gone, crashes } = host();
    trainer.connect('a');
    trainer.connect('b');
    gone.emit({ type: 'Utility', reason: 'killed', exitCode: 9, name: 'rnn-trainer-w3-1' });
    expect(crashes).toEqual([{ message: expect.stringMatching(/was killed \(reason: killed, exit code 9\)/), ids: ['a', 'b'] }]);
    trainer.connect('c');
    expect(children).toHaveLength(2);
    gone.emit({ type: 'Utility', reason: 'crashed', exitCode: 1, name: 'rnn-trainer-w3-2' });
    expect(crashes.at(-1)!.ids).toEqual(['c']);
  });

  it('kills its process when the window closes and reports no crash', () => {
    vi.useFakeTimers();
    const { trainer, children, crashes } = host();
    trainer.connect('a');
    trainer.dispose();
    expect(children[0]!.kills).toBe(1);
    children[0]!.exit(143);
    vi.runAllTimers(); // past the exit's grace period, when a crash would be reported
    expect(crashes).toEqual([]);
    expect(() => trainer.connect('b')).toThrow(/closing/);
    expect(children).toHaveLength(1);
  });
});
