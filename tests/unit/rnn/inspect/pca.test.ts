import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '@shared/rnn/random';
import { projectPoints, topTwoComponents } from '@shared/rnn/inspect';

/** Points mean + Σ_k c_k·axis_k with the coefficients drawn per point. */
function cloud(mean: number[], axes: number[][], spreads: number[], count: number, seed = 1): Float64Array {
  const rng = new Xoshiro128(seed);
  const dim = mean.length;
  const points = new Float64Array(count * dim);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < dim; i++) points[p * dim + i] = mean[i]!;
    axes.forEach((axis, k) => {
      const c = rng.randn() * spreads[k]!;
      for (let i = 0; i < dim; i++) points[p * dim + i]! += c * axis[i]!;
    });
  }
  return points;
}

const unit = (v: number[]): number[] => v.map((x) => x / Math.hypot(...v));
const dot = (u: ArrayLike<number>, v: ArrayLike<number>, offset = 0): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += u[offset + i]! * v[i]!;
  return s;
};

describe('top two principal components', () => {
  it('of points on a line: the line, and no variance across it', () => {
    const direction = unit([1, -2, 0.5, 3, 0]);
    const points = cloud([4, 0, -1, 2, 7], [direction], [2], 200);
    const pca = topTwoComponents(points, 200, 5);
    expect(Math.abs(dot(pca.components, direction))).toBeCloseTo(1, 12);
    expect(pca.variances[1]).toBeLessThan(1e-12 * pca.variances[0]);
    expect(pca.variances[0]).toBeCloseTo(pca.totalVariance, 10);
    expect(dot(pca.components.subarray(5), pca.components.subarray(0, 5))).toBeCloseTo(0, 12);
    expect(dot(pca.components.subarray(5), pca.components.subarray(5))).toBeCloseTo(1, 12);
    // The mean lies on the line through (4, 0, −1, 2, 7).
    const offset = Array.from(pca.mean, (m, i) => m - [4, 0, -1, 2, 7][i]!);
    expect(Math.abs(dot(offset, direction))).toBeCloseTo(Math.hypot(...offset), 12);
  });

  it('of points on a plane: two components spanning the plane, ordered by variance, with the exact variances', () => {
    const u = unit([1, 1, 0, 0]), v = unit([1, -1, 2, 0]);
    const points = cloud([0, 1, 2, 3], [u, v], [3, 1], 500, 9);
    const pca = topTwoComponents(points, 500, 4);
    for (const r of [0, 1]) {
      const c = pca.components.subarray(4 * r, 4 * r + 4);
      expect(dot(c, u) ** 2 + dot(c, v) ** 2).toBeCloseTo(1, 12); // lies in the plane
    }
    expect(pca.variances[0]).toBeGreaterThan(pca.variances[1]);
    expect(pca.variances[0] + pca.variances[1]).toBeCloseTo(pca.totalVariance, 10);
    // Independently: the covariance restricted to the plane, in the (u, v) basis, is a 2×2 matrix whose eigenvalues these are.
    const n = 500, mean = pca.mean;
    let suu = 0, suv = 0, svv = 0;
    for (let p = 0; p < n; p++) {
      const d = Array.from(points.subarray(4 * p, 4 * p + 4), (x, i) => x - mean[i]!);
      const cu = dot(d, u), cv = dot(d, v);
      suu += cu * cu / n;
      suv += cu * cv / n;
      svv += cv * cv / n;
    }
    const half = (suu + svv) / 2, r = Math.hypot((suu - svv) / 2, suv);
    expect(pca.variances[0]).toBeCloseTo(half + r, 10);
    expect(pca.variances[1]).toBeCloseTo(half - r, 10);
  });

  it('projects onto the components around the mean', () => {
    const points = Float64Array.of(0, 0, 2, 0, 4, 0, 6, 0.001);
    const pca = topTwoComponents(points, 4, 2);
    const xy = projectPoints(pca, points, 4);
    expect(Array.from(xy.filter((_, i) => i % 2 === 0)).map((x) => Math.round(x))).toEqual([-3, -1, 1, 3]);
    expect(xy[0]! + xy[2]! + xy[4]! + xy[6]!).toBeCloseTo(0, 5);
  });

  it('keeps the orientation of a previous result', () => {
    const points = cloud([0, 0, 0], [unit([1, 2, 3]), unit([3, 0, -1])], [2, 1], 100, 3);
    const first = topTwoComponents(points, 100, 3);
    const flipped = Float64Array.from(first.components, (c) => -c);
    const again = topTwoComponents(points, 100, 3, flipped);
    for (let i = 0; i < 6; i++) expect(again.components[i]).toBeCloseTo(-first.components[i]!, 10);
  });

  it('handles one dimension and a single point', () => {
    const line = topTwoComponents(Float64Array.of(1, 2, 3), 3, 1);
    expect(Array.from(line.components)).toEqual([1, 0]);
    expect(line.variances[0]).toBeCloseTo(2 / 3, 15);
    const one = topTwoComponents(Float64Array.of(5, 6, 7), 1, 3);
    expect(one.variances).toEqual([0, 0]);
    expect(Array.from(projectPoints(one, Float64Array.of(5, 6, 7), 1))).toEqual([0, 0]);
  });
});
