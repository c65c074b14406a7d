/**
 * Principal component analysis of a point cloud, top two components only:
 * the covariance matrix, then subspace (block power) iteration on two
 * vectors with a Rayleigh–Ritz step, which converges even when the two
 * largest variances are equal. Small and dependency-free; the clouds here
 * have at most a few hundred dimensions.
 */

import { Xoshiro128 } from '../random';

export interface Pca {
  dim: number;
  /** The cloud's mean (1×dim). */
  mean: Float64Array;
  /** The two unit principal directions, row-major 2×dim (for dim 1: [1] and [0]). */
  components: Float64Array;
  /** The variance along each component, largest first. */
  variances: [number, number];
  /** The total variance (trace of the covariance). */
  totalVariance: number;
}

const MAX_ITERATIONS = 300;
/** Stop once the new vectors lie this close (squared sine of the angle) to the span of the old ones. */
const TOLERANCE = 1e-15;

/**
 * The top two principal components of `count` points of `dim` numbers each
 * (row-major in `points`). `previous` (2×dim), when given, starts the
 * iteration and fixes the signs, so that a cloud that changes a little keeps
 * its orientation from one call to the next.
 */
export function topTwoComponents(points: Float64Array, count: number, dim: number, previous?: Float64Array): Pca {
  if (count < 1 || points.length < count * dim) throw new RangeError(`need ${count} points of ${dim} numbers; got ${points.length} numbers`);
  const mean = new Float64Array(dim);
  for (let p = 0; p < count; p++) for (let i = 0; i < dim; i++) mean[i]! += points[p * dim + i]!;
  for (let i = 0; i < dim; i++) mean[i]! /= count;
  const C = covariance(points, count, dim, mean);
  let totalVariance = 0;
  for (let i = 0; i < dim; i++) totalVariance += C[i * dim + i]!;
  if (dim === 1) return { dim, mean, components: Float64Array.of(1, 0), variances: [totalVariance, 0], totalVariance };

  const Q = previous && previous.length === 2 * dim ? new Float64Array(previous) : startVectors(dim);
  orthonormalise(Q, dim);
  const Z = new Float64Array(2 * dim);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    multiply(C, Q, Z, dim);
    orthonormalise(Z, dim);
    const moved = Math.max(distanceFromSpan(Z, 0, Q, dim), distanceFromSpan(Z, dim, Q, dim));
    Q.set(Z);
    if (moved < TOLERANCE) break;
  }
  const variances = rayleighRitz(C, Q, dim);
  orientLike(Q, dim, previous);
  return { dim, mean, components: Q, variances, totalVariance };
}

/** The 2-D coordinates of each point on the two components (x, y interleaved). */
export function projectPoints(pca: Pca, points: Float64Array, count: number, out = new Float32Array(2 * count)): Float32Array {
  const { dim, mean, components } = pca;
  for (let p = 0; p < count; p++) {
    let x = 0, y = 0;
    for (let i = 0; i < dim; i++) {
      const v = points[p * dim + i]! - mean[i]!;
      x += v * components[i]!;
      y += v * components[dim + i]!;
    }
    out[2 * p] = x;
    out[2 * p + 1] = y;
  }
  return out;
}

/** The covariance (1/count)·Σ (p − mean)ᵀ(p − mean), dim×dim. */
function covariance(points: Float64Array, count: number, dim: number, mean: Float64Array): Float64Array {
  const C = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < dim; i++) centred[i] = points[p * dim + i]! - mean[i]!;
    for (let i = 0; i < dim; i++) {
      const ci = centred[i]!;
      if (ci === 0) continue;
      const row = i * dim;
      for (let j = i; j < dim; j++) C[row + j]! += ci * centred[j]!;
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = C[i * dim + j]! / count;
      C[i * dim + j] = v;
      C[j * dim + i] = v;
    }
  }
  return C;
}

/** Two generic start vectors (a fixed pseudo-random draw: no special direction is likely to be orthogonal to them). */
function startVectors(dim: number): Float64Array {
  const rng = new Xoshiro128(0x5ca1ab1e);
  const Q = new Float64Array(2 * dim);
  for (let i = 0; i < Q.length; i++) Q[i] = rng.random() - 0.5;
  return Q;
}

/** Z_r = C·Q_r for the two rows r of Q. */
function multiply(C: Float64Array, Q: Float64Array, Z: Float64Array, dim: number): void {
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < dim; i++) Z[r * dim + i] = dot(C, i * dim, Q, r * dim, dim);
  }
}

/** 1 − ‖projection of the unit row at `offset` of Z onto the span of Q's orthonormal rows‖². */
function distanceFromSpan(Z: Float64Array, offset: number, Q: Float64Array, dim: number): number {
  const p0 = dot(Z, offset, Q, 0, dim), p1 = dim > 1 ? dot(Z, offset, Q, dim, dim) : 0;
  return 1 - (p0 * p0 + p1 * p1);
}

function dot(u: Float64Array, uo: number, v: Float64Array, vo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += u[uo + i]! * v[vo + i]!;
  return s;
}

/**
 * Gram–Schmidt on the two rows, the second projection done twice ("twice is
 * enough": once loses orthogonality when the row is nearly parallel to the
 * first). A row that vanishes (the cloud has fewer dimensions than two) is
 * replaced by the unit axis farthest from the first row.
 */
function orthonormalise(Q: Float64Array, dim: number): void {
  if (!normalise(Q, 0, dim)) {
    Q.fill(0, 0, dim);
    Q[0] = 1;
  }
  if (dim < 2) return;
  const removeFirst = (): void => {
    const d = dot(Q, 0, Q, dim, dim);
    for (let i = 0; i < dim; i++) Q[dim + i]! -= d * Q[i]!;
  };
  removeFirst();
  if (normalise(Q, dim, dim)) {
    removeFirst();
    if (normalise(Q, dim, dim)) return;
  }
  let axis = 0;
  for (let i = 1; i < dim; i++) if (Math.abs(Q[i]!) < Math.abs(Q[axis]!)) axis = i;
  Q.fill(0, dim, 2 * dim);
  Q[dim + axis] = 1;
  removeFirst();
  normalise(Q, dim, dim);
}

/** Scales row r of Q to unit length; false when it is (numerically) zero. */
function normalise(Q: Float64Array, offset: number, dim: number): boolean {
  const n = Math.sqrt(dot(Q, offset, Q, offset, dim));
  if (!(n > 1e-300)) return false;
  for (let i = 0; i < dim; i++) Q[offset + i]! /= n;
  return true;
}

/** Rotates the orthonormal rows of Q onto the eigenvectors of Qᵀ·C·Q (2×2), largest first, and returns its eigenvalues. */
function rayleighRitz(C: Float64Array, Q: Float64Array, dim: number): [number, number] {
  const Z = new Float64Array(2 * dim);
  multiply(C, Q, Z, dim);
  const a = dot(Q, 0, Z, 0, dim), b = dot(Q, 0, Z, dim, dim), d = dot(Q, dim, Z, dim, dim);
  const half = (a - d) / 2, r = Math.hypot(half, b);
  const l1 = (a + d) / 2 + r, l2 = (a + d) / 2 - r;
  // The eigenvector of [[a, b], [b, d]] for l1 is (cos θ, sin θ) with tan 2θ = 2b / (a − d).
  const theta = 0.5 * Math.atan2(b, half);
  const cos = Math.cos(theta), sin = Math.sin(theta);
  for (let i = 0; i < dim; i++) {
    const q0 = Q[i]!, q1 = Q[dim + i]!;
    Q[i] = cos * q0 + sin * q1;
    Q[dim + i] = -sin * q0 + cos * q1;
  }
  return [Math.max(l1, 0), Math.max(l2, 0)];
}

/** Flips each row to point the way `previous`'s row does, or (without one) so that its largest entry is positive. */
function orientLike(Q: Float64Array, dim: number, previous?: Float64Array): void {
  for (let r = 0; r < 2; r++) {
    const o = r * dim;
    let flip: boolean;
    if (previous && previous.length === 2 * dim) flip = dot(Q, o, previous, o, dim) < 0;
    else {
      let largest = o;
      for (let i = o + 1; i < o + dim; i++) if (Math.abs(Q[i]!) > Math.abs(Q[largest]!)) largest = i;
      flip = Q[largest]! < 0;
    }
    if (flip) for (let i = o; i < o + dim; i++) Q[i] = -Q[i]!;
  }
}
