/**
 * The matrix loops that take nearly all of the time, on row-major
 * Float64Arrays with offsets. Each keeps eight independent accumulators in
 * registers (a block of eight columns, or of 2 rows × 4 columns), which lets
 * the CPU overlap the additions; plain loops finish what is left over.
 *
 * Every sum runs over its index in one fixed order (ascending k for vecMat,
 * descending t for addOuterProducts) starting from 0 or from the value already
 * there, so results do not depend on the blocking: the same numbers come out
 * as from the textbook loop.
 */

/** out[oo + j] = Σ_k x[xo + k]·M[k·n + j]: the row vector x times the n×n matrix M. */
export function vecMat(x: Float64Array, xo: number, M: Float64Array, n: number, out: Float64Array, oo: number): void {
  vecMatBlocks(x, xo, M, n, out, oo);
  if (n % 8 !== 0) vecMatColumns(x, xo, M, n, out, oo, n - (n % 8));
}

/**
 * The columns in whole blocks of eight. (Kept alone in its function: in V8 this
 * loop runs about 1.5× faster when nothing follows it in the same function.)
 */
function vecMatBlocks(x: Float64Array, xo: number, M: Float64Array, n: number, out: Float64Array, oo: number): void {
  for (let j = 0; j + 8 <= n; j += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let k = 0, r = j; k < n; k++, r += n) {
      const xk = x[xo + k]!;
      s0 += xk * M[r]!;
      s1 += xk * M[r + 1]!;
      s2 += xk * M[r + 2]!;
      s3 += xk * M[r + 3]!;
      s4 += xk * M[r + 4]!;
      s5 += xk * M[r + 5]!;
      s6 += xk * M[r + 6]!;
      s7 += xk * M[r + 7]!;
    }
    store8(out, oo + j, s0, s1, s2, s3, s4, s5, s6, s7);
  }
}

/** out[at] … out[at + 7] = s0 … s7: where the eight-column blocks put their sums. */
export function store8(out: Float64Array, at: number, s0: number, s1: number, s2: number, s3: number, s4: number, s5: number, s6: number, s7: number): void {
  out[at] = s0;
  out[at + 1] = s1;
  out[at + 2] = s2;
  out[at + 3] = s3;
  out[at + 4] = s4;
  out[at + 5] = s5;
  out[at + 6] = s6;
  out[at + 7] = s7;
}

/** Columns from `from` on, one at a time. */
function vecMatColumns(x: Float64Array, xo: number, M: Float64Array, n: number, out: Float64Array, oo: number, from: number): void {
  for (let j = from; j < n; j++) {
    let s = 0;
    for (let k = 0, r = j; k < n; k++, r += n) s += x[xo + k]! * M[r]!;
    out[oo + j] = s;
  }
}

/** T[j·n + k] = M[k·n + j]: the transpose of an n×n matrix. */
export function transpose(M: Float64Array, n: number, T: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const q = j * n;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const r = k * n + j;
      T[q + k] = M[r]!;
      T[q + k + 1] = M[r + n]!;
      T[q + k + 2] = M[r + 2 * n]!;
      T[q + k + 3] = M[r + 3 * n]!;
    }
    for (; k < n; k++) T[q + k] = M[k * n + j]!;
  }
}

/**
 * M[k·n + j] += Σ_t A[t·n + k]·B[t·n + j] for t from `last` down to `first`:
 * a sum of outer products of rows of A and B, added into the n×n matrix M.
 * Each entry of M is read and written once; blocks of 2 rows × 4 columns
 * reuse every loaded A and B value twice.
 */
export function addOuterProducts(M: Float64Array, A: Float64Array, B: Float64Array, n: number, first: number, last: number): void {
  const stop = first * n;
  let k = 0;
  for (; k + 2 <= n; k += 2) {
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const q = k * n + j, q2 = q + n;
      let s0 = M[q]!, s1 = M[q + 1]!, s2 = M[q + 2]!, s3 = M[q + 3]!;
      let u0 = M[q2]!, u1 = M[q2 + 1]!, u2 = M[q2 + 2]!, u3 = M[q2 + 3]!;
      for (let a = last * n + k, b = last * n + j; a >= stop; a -= n, b -= n) {
        const ak = A[a]!, ak1 = A[a + 1]!;
        const b0 = B[b]!, b1 = B[b + 1]!, b2 = B[b + 2]!, b3 = B[b + 3]!;
        s0 += ak * b0;
        s1 += ak * b1;
        s2 += ak * b2;
        s3 += ak * b3;
        u0 += ak1 * b0;
        u1 += ak1 * b1;
        u2 += ak1 * b2;
        u3 += ak1 * b3;
      }
      M[q] = s0;
      M[q + 1] = s1;
      M[q + 2] = s2;
      M[q + 3] = s3;
      M[q2] = u0;
      M[q2 + 1] = u1;
      M[q2 + 2] = u2;
      M[q2 + 3] = u3;
    }
    for (; j < n; j++) {
      addOuterEntry(M, A, B, n, first, last, k, j);
      addOuterEntry(M, A, B, n, first, last, k + 1, j);
    }
  }
  for (; k < n; k++) for (let j = 0; j < n; j++) addOuterEntry(M, A, B, n, first, last, k, j);
}

function addOuterEntry(M: Float64Array, A: Float64Array, B: Float64Array, n: number, first: number, last: number, k: number, j: number): void {
  let s = M[k * n + j]!;
  for (let t = last; t >= first; t--) s += A[t * n + k]! * B[t * n + j]!;
  M[k * n + j] = s;
}
