/**
 * Colour scales for heatmaps. The diverging scale is centred on zero — blue
 * below, white at zero, red above — and symmetric: ±maxAbs map to the two
 * ends, so equal magnitudes get equal strength whatever their sign.
 */

export type Rgb = readonly [number, number, number];

export const NEGATIVE: Rgb = [33, 102, 172];
export const ZERO: Rgb = [247, 247, 247];
export const POSITIVE: Rgb = [178, 24, 43];
/** The sequential scale for values in a known range (e.g. sigmoid activations 0 … 1). */
export const SEQUENTIAL_LOW: Rgb = [247, 247, 247];
export const SEQUENTIAL_HIGH: Rgb = [84, 39, 143];
/** Values that are not numbers. */
export const MISSING: Rgb = [128, 128, 128];

export type HeatScale = { kind: 'diverging'; maxAbs: number } | { kind: 'sequential'; min: number; max: number };

/** The largest finite magnitude in the data (0 when none): the symmetric scale's half-width. */
export function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]!);
    if (a > m && a !== Infinity) m = a;
  }
  return m;
}

function mix(a: Rgb, b: Rgb, t: number, out: Uint8ClampedArray, offset: number): void {
  out[offset] = a[0] + (b[0] - a[0]) * t;
  out[offset + 1] = a[1] + (b[1] - a[1]) * t;
  out[offset + 2] = a[2] + (b[2] - a[2]) * t;
  out[offset + 3] = 255;
}

/** The position of a value on the scale: −1 … 1 for diverging (0 at zero), 0 … 1 for sequential; NaN for NaN. */
export function scalePosition(value: number, scale: HeatScale): number {
  if (Number.isNaN(value)) return NaN;
  if (scale.kind === 'diverging') {
    if (!(scale.maxAbs > 0)) return value === 0 ? 0 : Math.sign(value);
    return Math.max(-1, Math.min(1, value / scale.maxAbs));
  }
  const span = scale.max - scale.min;
  if (!(span > 0)) return 0;
  return Math.max(0, Math.min(1, (value - scale.min) / span));
}

/** Writes the RGBA colour of a value into out[offset … offset+3]. */
export function colorInto(value: number, scale: HeatScale, out: Uint8ClampedArray, offset: number): void {
  const t = scalePosition(value, scale);
  if (Number.isNaN(t)) mix(MISSING, MISSING, 0, out, offset);
  else if (scale.kind === 'sequential') mix(SEQUENTIAL_LOW, SEQUENTIAL_HIGH, t, out, offset);
  else if (t < 0) mix(ZERO, NEGATIVE, -t, out, offset);
  else mix(ZERO, POSITIVE, t, out, offset);
}

/** The colour of a value as a CSS rgb() string. */
export function cssColor(value: number, scale: HeatScale): string {
  const px = new Uint8ClampedArray(4);
  colorInto(value, scale, px, 0);
  return `rgb(${px[0]}, ${px[1]}, ${px[2]})`;
}

/** WCAG's relative luminance of an sRGB colour. */
function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** Black or white, whichever reads better on the colour of a value (at least 4.5:1, whatever the colour). */
export function textColorOn(value: number, scale: HeatScale): string {
  const px = new Uint8ClampedArray(4);
  colorInto(value, scale, px, 0);
  const l = luminance([px[0]!, px[1]!, px[2]!]);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}

/** A CSS gradient drawing the whole scale from its low end to its high end. */
export function cssGradient(scale: HeatScale): string {
  const rgb = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
  return scale.kind === 'diverging'
    ? `linear-gradient(to right, ${rgb(NEGATIVE)}, ${rgb(ZERO)}, ${rgb(POSITIVE)})`
    : `linear-gradient(to right, ${rgb(SEQUENTIAL_LOW)}, ${rgb(SEQUENTIAL_HIGH)})`;
}

/** The numbers printed under the legend: both ends and the middle (zero for diverging). */
export function legendTicks(scale: HeatScale): number[] {
  if (scale.kind === 'diverging') return [-scale.maxAbs, 0, scale.maxAbs];
  return [scale.min, (scale.min + scale.max) / 2, scale.max];
}

/** Paints a row-major matrix into RGBA pixels, one pixel per cell (the canvas scales it up). */
export function paintMatrix(data: ArrayLike<number>, scale: HeatScale, pixels: Uint8ClampedArray): void {
  for (let i = 0; i < data.length; i++) colorInto(data[i]!, scale, pixels, 4 * i);
}

/** 10^v for a log10 value v, as a short tick label: "1e-4", "3.2e-3", "10". */
export function formatPower(v: number): string {
  if (!Number.isFinite(v)) return formatValue(v);
  const x = 10 ** v;
  if (x >= 0.01 && x < 1e4) return Number(x.toPrecision(2)).toString();
  const exponent = Math.floor(Math.log10(x) + 1e-9);
  const mantissa = Number((x / 10 ** exponent).toPrecision(2));
  return mantissa === 1 ? `1e${exponent}` : `${mantissa}e${exponent}`;
}

/** A number short enough for a legend or readout. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === 0) return '0';
  const a = Math.abs(value);
  return a >= 1e4 || a < 1e-3 ? value.toExponential(2) : Number(value.toPrecision(3)).toString();
}
