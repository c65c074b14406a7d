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
});
