/**
 * The gated cells' matrix loops: every gate's H×H matrix side by side as one
 * H×N matrix (N = gates·H), so one pass over h_{t-1} serves all gates. Sums
 * run over k ascending from 0 (as kernels.ts vecMat), whatever the blocking.
 */

/** out[oo + j] = Σ_k x[xo + k]·M[k·cols + j] for j < cols: the row vector x (rows long) times the rows×cols matrix M. */
export function vecMatWide(x: Float64Array, xo: number, M: Float64Array, rows: number, cols: number, out: Float64Array, oo: number): void {
  vecMatWideBlocks(x, xo, M, rows, cols, out, oo);
  for (let j = cols - (cols % 8); j < cols; j++) {
    let s = 0;
    for (let k = 0, r = j; k < rows; k++, r += cols) s += x[xo + k]! * M[r]!;
    out[oo + j] = s;
  }
}

/** The columns in whole blocks of eight (alone in its function, as kernels.ts vecMatBlocks, for V8's sake). */
function vecMatWideBlocks(x: Float64Array, xo: number, M: Float64Array, rows: number, cols: number, out: Float64Array, oo: number): void {
  for (let j = 0; j + 8 <= cols; j += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let k = 0, r = j; k < rows; k++, r += cols) {
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
    out[oo + j] = s0;
    out[oo + j + 1] = s1;
    out[oo + j + 2] = s2;
    out[oo + j + 3] = s3;
    out[oo + j + 4] = s4;
    out[oo + j + 5] = s5;
    out[oo + j + 6] = s6;
    out[oo + j + 7] = s7;
  }
}

/**
 * Lays G square H×H matrices, stored one after another from `first` in
 * `source`, side by side: wide[k·G·H + g·H + j] = M_g[k][j]; and, when `wideT`
 * is given, its transpose wideT[(g·H + j)·H + k] = M_g[k][j].
 */
export function sideBySide(source: Float64Array, first: number, G: number, H: number, wide: Float64Array, wideT: Float64Array | null): void {
  const N = G * H;
  for (let g = 0; g < G; g++) {
    const m = first + g * H * H;
    for (let k = 0; k < H; k++) {
      for (let j = 0; j < H; j++) {
        const v = source[m + k * H + j]!;
        wide[k * N + g * H + j] = v;
        if (wideT) wideT[(g * H + j) * H + k] = v;
      }
    }
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
