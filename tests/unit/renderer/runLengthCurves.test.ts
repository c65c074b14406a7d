/** The runs view's accuracy-versus-length overlay: each selected run's curve, as the chart draws it. */

import { describe, expect, it } from 'vitest';
import { runLengthCurves } from '@shared/run/library/lengthMetric';
import { lengthPoints } from '@/runs/runCurves';
import { TEST_LENGTHS } from '@shared/rnn/lengths';
import { RunLengthCurves } from '@/runs/runLengthCurves';
import { trainedEntry } from '../run/trainedEntry';
import { until } from './stores/fakeHost';

describe('accuracy by length of selected runs', () => {
  it('computes one curve per run, a length at a time, equal to the core\'s, and keeps it', async () => {
    const learnt = await trainedEntry('learnt', {});
    const early = await trainedEntry('early', { iterations: 300, untilAccuracy: 0 });
    const lengths = [2, 8, 12, 36];
    const curves = new RunLengthCurves(lengths);
    const sizes: number[] = [];
    const seen = (): void => void sizes.push(curves.curves.value.get('learnt')?.length ?? 0);
    curves.compute([learnt, early]);
    expect(curves.computing.value).toBe('learnt');
    await until(() => (seen(), curves.computing.value === null), 30_000);
    // The first run's curve grew one length at a time before the second was begun.
    expect(new Set(sizes).size).toBeGreaterThan(2);
    expect(curves.complete('learnt') && curves.complete('early')).toBe(true);
    const expected = runLengthCurves([learnt, early], lengths);
    expect(curves.curves.value.get('learnt')).toEqual(expected[0]!.points);
    expect(curves.curves.value.get('early')).toEqual(expected[1]!.points);
    expect(expected[0]!.points).not.toEqual(expected[1]!.points);
    expect(lengthPoints(expected[0]!.points)).toEqual(lengths.map((bits, i) => ({ x: bits, y: 100 * expected[0]!.points[i]!.exact })));
    expect(lengthPoints(expected[0]!.points)[1]).toEqual({ x: 8, y: 100 });

    // Complete curves are not computed again.
    const before = curves.curves.value;
    curves.compute([early, learnt]);
    expect(curves.computing.value).toBeNull();
    expect(curves.curves.value).toBe(before);
    curves.dispose();
    expect(new RunLengthCurves().lengths).toEqual(TEST_LENGTHS);
    expect(TEST_LENGTHS[0]).toBe(2);
    expect(TEST_LENGTHS.at(-1)).toBe(64);
  }, 60_000);
});
