/** Painting an error map (1 = right) and summarising it. */

export const RIGHT_RGB = [46, 160, 67] as const;
export const WRONG_RGB = [218, 54, 51] as const;

/** Writes one RGBA pixel per pair (row a, column b) and returns how many pairs are right. */
export function paintErrorMap(map: Uint8Array, pixels: Uint8ClampedArray): number {
  let right = 0;
  for (let i = 0; i < map.length; i++) {
    const ok = map[i] === 1;
    if (ok) right++;
    const c = ok ? RIGHT_RGB : WRONG_RGB;
    const o = 4 * i;
    pixels[o] = c[0];
    pixels[o + 1] = c[1];
    pixels[o + 2] = c[2];
    pixels[o + 3] = 255;
  }
  return right;
}

/** A percentage with one decimal, never rounding a miss up to 100. */
export function formatPercent(right: number, total: number): string {
  if (total === 0) return '–';
  const pct = Math.floor((1000 * right) / total) / 10;
  return `${pct.toFixed(1)}%`;
}
