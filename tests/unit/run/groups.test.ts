import { describe, expect, it } from 'vitest';
import { REFERENCE_PRESET, type TrainConfig } from '@shared/rnn/config';
import { heatmapGrid, meanCurve, median, seedGroups } from '@shared/run/groups';

const run = (overrides: Partial<TrainConfig>, reachedAt: number | null) => ({
  config: { ...REFERENCE_PRESET, seed: 1, ...overrides } as TrainConfig,
  reachedAt,
  accuracy: reachedAt === null ? 0.5 : 1,
});

describe('seed groups', () => {
  it('groups runs that differ only in seed, with success rate and median reachedAt', () => {
    const runs = [
      run({ hiddenSize: 8, seed: 1 }, 4000),
      run({ hiddenSize: 16, seed: 1 }, 3000),
      run({ hiddenSize: 8, seed: 2 }, null),
      run({ hiddenSize: 8, seed: 3 }, 6000),
      run({ hiddenSize: 16, seed: 2 }, 5000),
      run({ hiddenSize: 8, seed: 4 }, 9000),
    ];
    const groups = seedGroups(runs);
    expect(groups.map((g) => [g.runs[0]!.config.hiddenSize, g.seeds, g.successRate, g.medianReachedAt])).toEqual([
      [8, [1, 2, 3, 4], 0.75, 6000],
      [16, [1, 2], 1, 4000],
    ]);
    expect(seedGroups([run({ seed: 9 }, null)])[0]).toMatchObject({ successRate: 0, medianReachedAt: null });
  });

  it('counts success from the final accuracy against the target: 100% without a stop rule, whatever reachedAt says', () => {
    const noRule = [
      { ...run({ seed: 1 }, null), accuracy: 1 },
      { ...run({ seed: 2 }, null), accuracy: 0.99 },
      { ...run({ seed: 3 }, null), accuracy: null },
    ];
    expect(seedGroups(noRule)[0]).toMatchObject({ successRate: 1 / 3, medianReachedAt: null });
    const withRule = [
      { ...run({ seed: 1, untilAccuracy: 0.9 }, null), accuracy: 0.95 },
      { ...run({ seed: 2, untilAccuracy: 0.9 }, 700), accuracy: 0.91 },
    ];
    expect(seedGroups(withRule)[0]).toMatchObject({ successRate: 1, medianReachedAt: 700 });
  });

  it('averages curves with a min–max or ± one standard deviation band, dropping runs that ended', () => {
    const curves = [
      { stride: 10, values: [4, 2, 1] },
      { stride: 10, values: [2, 2] },
      { stride: 10, values: [3, 5, 2] },
    ];
    const minMax = meanCurve(curves, 'min-max');
    expect(Array.from(minMax.mean)).toEqual([3, 3, 1.5]);
    expect(Array.from(minMax.low)).toEqual([2, 2, 1]);
    expect(Array.from(minMax.high)).toEqual([4, 5, 2]);
    expect(Array.from(minMax.count)).toEqual([3, 3, 2]);
    const sd = meanCurve(curves, 'sd');
    expect(sd.low[0]).toBeCloseTo(2, 12); // sample sd of 4, 2, 3 is 1
    expect(sd.high[0]).toBeCloseTo(4, 12);
    expect(sd.low[2]).toBeCloseTo(1.5 - Math.SQRT1_2, 12);
  });

  it('brings finer curves to the coarsest stride by averaging', () => {
    const curve = meanCurve([{ stride: 1, values: [1, 3, 5, 7, 9] }, { stride: 2, values: [2, 6, 10] }], 'min-max');
    expect(curve.stride).toBe(2);
    expect(Array.from(curve.mean)).toEqual([2, 6, 9.5]);
  });

  it('lays runs on a grid of two settings for the heatmap', () => {
    const runs = [
      run({ hiddenSize: 8, learningRate: 0.1, seed: 1 }, 4000),
      run({ hiddenSize: 8, learningRate: 0.1, seed: 2 }, null),
      run({ hiddenSize: 16, learningRate: 0.1, seed: 1 }, 3000),
      run({ hiddenSize: 8, learningRate: 0.5, seed: 1 }, 1000),
    ];
    const { xs, ys, cells } = heatmapGrid(runs, 'hiddenSize', 'learningRate');
    expect(xs).toEqual([8, 16]);
    expect(ys).toEqual([0.1, 0.5]);
    expect(cells[0]!.map((c) => [c.runs.length, c.successRate, c.medianReachedAt])).toEqual([[2, 0.5, 4000], [1, 1, 3000]]);
    expect(cells[1]!.map((c) => [c.runs.length, c.successRate, c.medianReachedAt])).toEqual([[1, 1, 1000], [0, 0, null]]);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});
