/** The Chart.js pieces the studio's charts use (registered once, the rest tree-shaken) and their shared look. */

import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip,
  type ChartOptions,
  type Plugin,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Title, Tooltip);

export { Chart };

export interface ChartTheme {
  fg: string;
  bg: string;
  muted: string;
  border: string;
  accent: string;
  /** A second series colour that reads well beside the accent. */
  accent2: string;
  /** Colours for curves side by side (the gradient-norm chart cycles through them). */
  series: string[];
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** The theme's colours as the element sees them (CSS custom properties with fallbacks for either scheme). */
export function readTheme(element: Element): ChartTheme {
  const dark = document.documentElement.dataset.theme === 'dark';
  const style = getComputedStyle(element);
  return {
    fg: cssVar(style, '--fg', dark ? '#e6e6e6' : '#1d1d1f'),
    bg: cssVar(style, '--bg', dark ? '#1b1c1f' : '#ffffff'),
    muted: cssVar(style, '--muted', dark ? '#9aa0a6' : '#6b7280'),
    border: cssVar(style, '--border', dark ? '#3a3d42' : '#d9dce1'),
    accent: cssVar(style, '--accent', dark ? '#6ea8fe' : '#2563eb'),
    accent2: cssVar(style, '--accent-2', dark ? '#f0a35e' : '#d9480f'),
    series: dark ? DARK_SERIES : LIGHT_SERIES,
  };
}

/**
 * Ten colours far enough apart to tell curves by (Tableau's ten, and a
 * lighter set for the dark theme); more curves than that reuse them dashed,
 * then dotted.
 */
const LIGHT_SERIES = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const DARK_SERIES = ['#6ea8fe', '#f0a35e', '#6fcf97', '#f28b82', '#c58af9', '#d7b48f', '#f49ad6', '#c2c7cf', '#e0e26b', '#6fe0ea'];

/** The colour and dash of curve i among many: its own colour for the first ten, then the colours again, dashed, then dotted. */
export function seriesStyle(theme: ChartTheme, i: number): { color: string; borderDash: number[] } {
  const n = theme.series.length;
  return { color: theme.series[i % n] ?? theme.accent, borderDash: i < n ? [] : i < 2 * n ? [6, 3] : [2, 2] };
}

/** A tick of a log axis as a person reads it: 1, 10, 0.1, 0.01, 1e-3, 1e-4 … (no "0.00010"). */
export function logTick(value: number): string {
  if (!(value > 0)) return '';
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(value / 10 ** exponent - 1) > 1e-9) return '';
  return exponent >= -2 && exponent <= 3 ? String(Number(`1e${exponent}`)) : `1e${exponent}`;
}

/** The powers of ten that enclose the positive finite values (a log axis ranged to its data); null when there are none. */
export function logRange(values: Iterable<number>): { min: number; max: number } | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  // Powers of ten from their decimal text: 10 ** -4 is not 1e-4 in floating point.
  const power = (e: number) => Number(`1e${e}`);
  const low = Math.floor(Math.log10(lo) + 1e-12), high = Math.ceil(Math.log10(hi) - 1e-12);
  return { min: power(low), max: power(Math.max(high, low + 1)) };
}

/** The colour with an alpha channel, for faint raw curves. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (!hex) return color;
  const n = parseInt(hex[1]!, 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Options every studio chart shares: no animation, pre-parsed sorted points, a linear iteration axis. */
export function baseOptions(theme: ChartTheme): ChartOptions<'line'> {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    spanGaps: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 1.5 } },
    scales: {
      x: {
        type: 'linear',
        title: { display: true, text: 'Iteration', color: theme.muted },
        ticks: { color: theme.muted, maxRotation: 0, includeBounds: false },
        grid: { color: theme.border },
      },
    },
    plugins: {
      legend: { labels: { color: theme.fg, boxWidth: 12, boxHeight: 2 } },
      tooltip: { animation: false },
    },
  };
}

/** Paints the theme's background first, so an exported PNG looks like the chart on screen. */
export function backgroundPlugin(theme: () => ChartTheme): Plugin<'line'> {
  return {
    id: 'studioBackground',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = theme().bg;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}
