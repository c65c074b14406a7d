/**
 * The gated cells' matrix loops. Each gate's H×H matrix V_g stays where it is
 * in the flat parameters (V_g after V_{g−1}), so nothing is copied per
 * iteration: the forward pass takes h·V_g gate by gate (matrixLoops.ts
 * vecMat), and the backward pass takes Σ_g d_g·V_gᵀ as dot products with V's
 * rows, which are contiguous. Sums run in one fixed order whatever the blocking.
 */

import { store8 } from './matrixLoops';

/**
 * out[oo + k] = Σ_g Σ_j M[at + g·H·H + k·H + j]·d[g·H + j] for k < H: the G
 * matrices' rows dotted with the G gradients side by side, summed over g
 * ascending and, within a gate, j ascending, from 0.
 */
export function rowDots(M: Float64Array, at: number, G: number, H: number, d: Float64Array, out: Float64Array, oo: number): void {
  rowDotsBlocks(M, at, G, H, d, out, oo);
  const HH = H * H;
  for (let k = H - (H % 8); k < H; k++) {
    let s = 0;
    for (let g = 0; g < G; g++) {
      const r = at + g * HH + k * H, dg = g * H;
      for (let j = 0; j < H; j++) s += M[r + j]! * d[dg + j]!;
    }
    out[oo + k] = s;
  }
}

/** Rows in whole blocks of eight, eight independent sums in registers (alone in its function, as matrixLoops.ts vecMatBlocks). */
function rowDotsBlocks(M: Float64Array, at: number, G: number, H: number, d: Float64Array, out: Float64Array, oo: number): void {
  const HH = H * H;
  for (let k = 0; k + 8 <= H; k += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let g = 0; g < G; g++) {
      const r = at + g * HH + k * H, dg = g * H;
      for (let j = 0; j < H; j++) {
        const dj = d[dg + j]!;
        s0 += M[r + j]! * dj;
        s1 += M[r + H + j]! * dj;
        s2 += M[r + 2 * H + j]! * dj;
        s3 += M[r + 3 * H + j]! * dj;
        s4 += M[r + 4 * H + j]! * dj;
        s5 += M[r + 5 * H + j]! * dj;
        s6 += M[r + 6 * H + j]! * dj;
        s7 += M[r + 7 * H + j]! * dj;
      }
    }
    store8(out, oo + k, s0, s1, s2, s3, s4, s5, s6, s7);
  }
}

/**
 * x·U_g for the four inputs x = [x0, x1] (row 2·x0 + x1) and every gate:
 * xU[(2·x0 + x1)·G·H + g·H + j] = x0·U_g[0][j] + x1·U_g[1][j], the U_g (2×H)
 * stored one after another from `first` in `source`.
 */
export function inputTable(source: Float64Array, first: number, G: number, H: number, xU: Float64Array): void {
  const N = G * H;
  for (let x0 = 0; x0 < 2; x0++) {
    for (let x1 = 0; x1 < 2; x1++) {
      const row = (2 * x0 + x1) * N;
      for (let g = 0; g < G; g++) {
        const u = first + g * 2 * H;
        for (let j = 0; j < H; j++) xU[row + g * H + j] = x0 * source[u + j]! + x1 * source[u + H + j]!;
      }
    }
  }
}
