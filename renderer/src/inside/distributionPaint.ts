/** Draws TensorBoard's two pictures of a tensor over time on a canvas. */

import type { HistogramSeries } from '@shared/rnn/inspect';
import { prepareCanvas } from './canvasPaint';

/** Histograms stacked back to front: the oldest at the top and faintest, the latest at the bottom in front. */
export function paintOffsetHistograms(canvas: HTMLCanvasElement, series: HistogramSeries, color: string, background: string): void {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { context, width, height } = prepared;
  const n = series.counts.length, bins = series.edges.length - 1;
  if (n === 0) return;
  let peak = 1;
  for (const c of series.counts) for (let i = 0; i < bins; i++) peak = Math.max(peak, c[i]!);
  const ridge = height * 0.35, step = n > 1 ? (height - ridge - 2) / (n - 1) : 0;
  for (let m = 0; m < n; m++) {
    const base = ridge + m * step + 1;
    const counts = series.counts[m]!;
    context.beginPath();
    context.moveTo(0, base);
    for (let i = 0; i < bins; i++) context.lineTo(((i + 0.5) / bins) * width, base - (counts[i]! / peak) * ridge);
    context.lineTo(width, base);
    context.closePath();
    context.fillStyle = background;
    context.fill();
    context.globalAlpha = 0.25 + 0.75 * ((m + 1) / n);
    context.strokeStyle = color;
    context.stroke();
    context.globalAlpha = 1;
  }
}

/** Percentile bands over time: x is the moment, y the value; nested bands from the outermost percentiles inwards, and the median. */
export function paintBands(canvas: HTMLCanvasElement, bands: readonly Float64Array[], color: string): { min: number; max: number } {
  const prepared = prepareCanvas(canvas);
  const empty = { min: 0, max: 0 };
  if (!prepared || bands.length === 0) return empty;
  const { context, width, height } = prepared;
  let min = Infinity, max = -Infinity;
  for (const b of bands) {
    min = Math.min(min, b[0]!);
    max = Math.max(max, b[b.length - 1]!);
  }
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const x = (m: number): number => (bands.length > 1 ? (m / (bands.length - 1)) * width : width / 2);
  const y = (v: number): number => height - 2 - ((v - min) / (max - min)) * (height - 4);
  const k = bands[0]!.length;
  context.fillStyle = color;
  for (let outer = 0; outer < Math.floor(k / 2); outer++) {
    const inner = k - 1 - outer;
    context.beginPath();
    bands.forEach((b, m) => context.lineTo(x(m), y(b[outer]!)));
    for (let m = bands.length - 1; m >= 0; m--) context.lineTo(x(m), y(bands[m]![inner]!));
    context.closePath();
    context.globalAlpha = 0.18;
    context.fill();
  }
  context.globalAlpha = 1;
  context.strokeStyle = color;
  context.beginPath();
  bands.forEach((b, m) => context.lineTo(x(m), y(b[Math.floor(k / 2)]!)));
  context.stroke();
  return { min, max };
}
