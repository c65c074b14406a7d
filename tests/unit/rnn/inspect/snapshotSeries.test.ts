import { describe, expect, it } from 'vitest';
import { MAX_SNAPSHOTS, SnapshotSeries } from '@shared/rnn/inspect';

const iterations = (series: SnapshotSeries<unknown>): number[] => series.snapshots.map((s) => s.iteration);

describe('a bounded series of snapshots', () => {
  it('keeps every snapshot while there is room', () => {
    const series = new SnapshotSeries<number>(10);
    for (let i = 0; i < 10; i++) series.add(i * 7, i);
    expect(iterations(series)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 63]);
  });

  it.each([1, 3, 250, 1000])('stays within its bound over a long run, keeping the first and the latest (a snapshot every %i iterations)', (every) => {
    const series = new SnapshotSeries<number>();
    const broken: string[] = [];
    for (let i = 0; i <= 100_000; i++) {
      series.add(i * every, i);
      const first = series.snapshots[0]!, last = series.snapshots[series.size - 1]!;
      if (series.size > MAX_SNAPSHOTS) broken.push(`${series.size} snapshots after ${i}`);
      if (first.value !== 0) broken.push(`first is ${first.value} after ${i}`);
      if (last.value !== i || last.iteration !== i * every) broken.push(`latest is ${last.value} after ${i}`);
    }
    expect(broken.slice(0, 3)).toEqual([]);
    expect(series.size).toBeGreaterThan(MAX_SNAPSHOTS / 2);
  });

  it('spreads the kept snapshots evenly over the run', () => {
    const series = new SnapshotSeries<number>(50);
    for (let i = 0; i <= 12_345; i++) series.add(i, i);
    const kept = iterations(series);
    const gaps = kept.slice(1).map((v, i) => v - kept[i]!);
    // Every gap is the spacing, except the last, up to the latest snapshot.
    expect(new Set(gaps.slice(0, -1))).toEqual(new Set([series.spacing]));
    expect(gaps[gaps.length - 1]).toBeLessThanOrEqual(series.spacing);
    expect(kept[kept.length - 1]).toBe(12_345);
  });

  it('spreads snapshots that arrive at uneven iterations', () => {
    const series = new SnapshotSeries<string>(20);
    let iteration = 0;
    for (let i = 0; i < 5000; i++) {
      iteration += 1 + ((i * 7919) % 13);
      series.add(iteration, `w${i}`);
    }
    const kept = iterations(series);
    expect(kept.length).toBeLessThanOrEqual(20);
    expect(kept[kept.length - 1]).toBe(iteration);
    const gaps = kept.slice(1).map((v, i) => v - kept[i]!);
    for (const gap of gaps.slice(1, -1)) expect(gap).toBeLessThan(2 * series.spacing + 13);
    expect([...kept].sort((x, y) => x - y)).toEqual(kept);
  });

  it('replaces a snapshot of the same iteration, refuses one from the past, finds the one at or before an iteration', () => {
    const series = new SnapshotSeries<string>(5);
    series.add(0, 'a');
    series.add(10, 'b');
    series.add(10, 'c');
    expect(series.snapshots.map((s) => s.value)).toEqual(['a', 'c']);
    expect(() => series.add(5, 'd')).toThrow('snapshots come in order of iteration; got 5 after 10');
    series.add(20, 'e');
    expect(series.at(15)?.value).toBe('c');
    expect(series.at(20)?.value).toBe('e');
    expect(series.at(99)?.value).toBe('e');
    expect(series.at(-1)?.value).toBe('a');
    series.clear();
    expect(series.at(3)).toBeUndefined();
    expect(() => new SnapshotSeries(2)).toThrow('at least 3');
  });

  /** Follows a plan as the trainer does: a snapshot at every due iteration, then the target. */
  function runPlanned(series: SnapshotSeries<number>, from: number, target: number, stopAt = target): number {
    const plan = series.planFor(target);
    let sent = 0;
    for (let i = from + plan.untilNext(from); i < stopAt; i += plan.untilNext(i)) {
      if (!plan.due(i)) continue;
      series.add(i, i);
      sent++;
    }
    series.add(stopAt, stopAt);
    return sent;
  }

  it('keeps 200 snapshots of a 20 000-iteration run, the last stretch every 101 iterations', () => {
    const series = new SnapshotSeries<number>();
    series.add(0, 0);
    const sent = runPlanned(series, 0, 20_000);
    expect(series.size).toBe(200);
    expect(series.plan!.finalStride).toBe(101);
    const kept = iterations(series);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(20_000);
    expect(kept.at(-2)).toBe(19_998);
    // Evenly spread: every gap within the final stride and the coarsest power of two before it.
    const gaps = kept.slice(1).map((v, i) => v - kept[i]!);
    expect(Math.max(...gaps)).toBeLessThan(101 + 64);
    expect(Math.min(...gaps.slice(0, -1))).toBeGreaterThan(101 - 64);
    // The trainer sends a few hundred snapshots, not one per iteration.
    expect(sent).toBeLessThan(1000);
  });

  it.each([[1, 0], [5, 0], [199, 0], [200, 0], [19_900, 0], [20_100, 0], [631_495, 0], [5_000_000, 325_385], [999_999_937, 3]])(
    'keeps the planned snapshots within the bound, and as many as the bound allows (run to %i from %i)',
    (target, from) => {
      const series = new SnapshotSeries<number>();
      series.add(from, from);
      runPlanned(series, from, target);
      expect(series.size).toBeLessThanOrEqual(MAX_SNAPSHOTS);
      expect(series.size).toBeGreaterThanOrEqual(Math.min(target - from + 1, MAX_SNAPSHOTS / 2));
      // A final stride one tighter would not have fitted the whole run.
      const final = series.plan!.finalStride, tighter = final - 1;
      if (final > 1) expect(Math.floor(target / tighter) - Math.floor(from / tighter) + 1 + (target % tighter ? 1 : 0)).toBeGreaterThan(MAX_SNAPSHOTS);
      expect(iterations(series)[0]).toBe(from);
      expect(iterations(series).at(-1)).toBe(target);
    },
  );

  it.each([1000, 37_000, 2_000_000])('keeps at least half the bound of a run stopped early (at %i of 10^9)', (stopAt) => {
    const series = new SnapshotSeries<number>();
    series.add(0, 0);
    runPlanned(series, 0, 1e9, stopAt);
    expect(series.size).toBeGreaterThanOrEqual(MAX_SNAPSHOTS / 2);
    expect(series.size).toBeLessThanOrEqual(MAX_SNAPSHOTS);
  });

  it('re-plans a run that goes on, thinning what it held', () => {
    const series = new SnapshotSeries<number>();
    series.add(0, 0);
    runPlanned(series, 0, 20_000);
    runPlanned(series, 20_000, 3_020_000);
    expect(series.size).toBeGreaterThan(190);
    expect(series.size).toBeLessThanOrEqual(MAX_SNAPSHOTS);
    expect(iterations(series)[0]).toBe(0);
    expect(iterations(series).at(-1)).toBe(3_020_000);
    expect(() => series.planFor(10)).toThrow('after its latest');
  });
});
