/** The Chart.js pieces the studio's charts use (registered once, the rest tree-shaken) and their shared look. */

import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartOptions,
  type Plugin,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

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
    series: dark ? ['#6ea8fe', '#f0a35e', '#6fcf97', '#f28b82', '#c58af9'] : ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'],
  };
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
