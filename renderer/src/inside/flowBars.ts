/** Draws the gradient-flow bars: per step, the probe's pair and the sample's average side by side. */

import { prepareCanvas } from './canvasPaint';

export interface BarSeries {
  values: ArrayLike<number>;
  color: string;
}

/** Paints grouped bars (one group per step, t = 0 on the left) scaled to the largest value; returns that value. */
export function paintBars(canvas: HTMLCanvasElement, series: readonly BarSeries[], steps: number, axisColor: string): number {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return 0;
  const { context, width, height } = prepared;
  let max = 0;
  for (const s of series) for (let t = 0; t < steps; t++) max = Math.max(max, s.values[t] ?? 0);
  const base = height - 14;
  context.fillStyle = axisColor;
  context.font = '10px sans-serif';
  context.textAlign = 'center';
  const group = width / Math.max(1, steps);
  const bar = Math.max(1, (group * 0.8) / Math.max(1, series.length));
  for (let t = 0; t < steps; t++) {
    const left = t * group + group * 0.1;
    series.forEach((s, k) => {
      const v = s.values[t] ?? 0;
      const h = max > 0 && Number.isFinite(v) ? (v / max) * (base - 4) : 0;
      context.fillStyle = s.color;
      context.fillRect(left + k * bar, base - h, bar - 1, h);
    });
    if (steps <= 16 || t % Math.ceil(steps / 16) === 0) {
      context.fillStyle = axisColor;
      context.fillText(String(t), t * group + group / 2, height - 3);
    }
  }
  context.fillStyle = axisColor;
  context.fillRect(0, base, width, 1);
  return max;
}
