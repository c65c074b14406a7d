/**
 * The accuracy-versus-length curves (2 to 64 bits) of kept runs, computed in
 * a worker one run at a time (the current model's LengthTester), a length at
 * a time, so the chart fills in as they come. A run's final weights never
 * change, so a curve, once complete, is kept for the session by run id.
 */

import { shallowRef } from 'vue';
import { TEST_LENGTHS } from '@shared/rnn/lengths';
import type { RunEntry } from '@shared/run/library/runEntry';
import { LengthTester } from '../inspect/lengthTester';


export type LengthCurve = { bits: number; exact: number }[];

export class RunLengthCurves {
  /** Curves by run id, complete or growing; a new Map on every change, so views see it. */
  readonly curves = shallowRef(new Map<string, LengthCurve>());
  /** The run being computed, null when idle; the problem of the last failure, if any. */
  readonly computing = shallowRef<string | null>(null);
  readonly problem = shallowRef<string | null>(null);
  private queue: RunEntry[] = [];

  /** `lengths` ascending; every length from 2 to 64 unless told. */
  constructor(readonly lengths: readonly number[] = TEST_LENGTHS) {}

  private readonly tester = new LengthTester((reply) => {
    const id = this.computing.value;
    if (id === null) return;
    if (reply.exact === null) {
      this.problem.value = reply.problem;
      this.set(id, []);
      return this.next();
    }
    // Lengths come back as the workers finish them: the curve is kept in order of length.
    this.set(id, [...(this.curves.value.get(id) ?? []), { bits: reply.bits, exact: reply.exact }].sort((a, b) => a.bits - b.bits));
    if (reply.done === reply.total) this.next();
  });

  /** Whether the run's curve covers every length. */
  complete(id: string): boolean {
    return this.curves.value.get(id)?.length === this.lengths.length;
  }

  /** Computes the curves of the runs that lack a complete one, in their order, after any already queued. */
  compute(entries: readonly RunEntry[]): void {
    this.problem.value = null;
    const waiting = new Set([this.computing.value, ...this.queue.map((e) => e.id)]);
    this.queue.push(...entries.filter((e) => !this.complete(e.id) && !waiting.has(e.id)));
    if (this.computing.value === null) this.next();
  }

  dispose(): void {
    this.queue = [];
    this.computing.value = null;
    this.tester.dispose();
  }

  private next(): void {
    const entry = this.queue.shift();
    this.computing.value = entry?.id ?? null;
    if (!entry) return;
    this.set(entry.id, []);
    this.tester.request(entry.model.weights, entry.model.config, [...this.lengths]);
  }

  private set(id: string, curve: LengthCurve): void {
    const map = new Map(this.curves.value);
    map.set(id, curve);
    this.curves.value = map;
  }
}
