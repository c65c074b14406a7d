/**
 * A chart as a file: a PNG drawn again off screen at twice (or more) the
 * screen's resolution with its title and legend, and an SVG written from the
 * chart's own scales, datasets and ticks (Chart.js draws to a canvas only).
 */

import type { ChartConfiguration } from 'chart.js';
import type { Point } from '@shared/run/curves/decimate';
import { backgroundPlugin, Chart, type ChartTheme } from './chartSetup';
import { downloadText } from './download';

type LineChart = Chart<'line', Point[]>;

/** The PNG's pixels per CSS pixel: at least 2, more on a denser screen. */
export function exportScale(devicePixelRatio: number): number {
  return Math.max(2, Math.ceil(devicePixelRatio));
}

/** Draws the chart again on a canvas of its size at `scale` pixels per CSS pixel, with `title` above and the legend shown. */
export function chartImage(chart: LineChart, title: string, theme: ChartTheme, scale: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const width = chart.width, height = chart.height + 28;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const source = chart.config as unknown as ChartConfiguration<'line', Point[]>;
  const copy = new Chart(canvas, {
    type: 'line',
    data: { datasets: chart.data.datasets.map((d) => ({ ...d })) },
    options: {
      ...source.options,
      responsive: false,
      animation: false,
      devicePixelRatio: scale,
      onResize: undefined,
      plugins: {
        ...source.options?.plugins,
        title: { display: true, text: title, color: theme.fg, font: { size: 14, weight: 'bold' } },
        legend: { ...source.options?.plugins?.legend, display: true },
      },
      // The axes as drawn on screen (their ranges are set at each refresh, not in the configuration).
      scales: Object.fromEntries(Object.entries(chart.options.scales ?? {}).map(([id, axis]) => [id, { ...axis, min: chart.scales[id]?.min, max: chart.scales[id]?.max }])),
    },
    plugins: [backgroundPlugin(() => theme), ...(source.plugins ?? []).filter((p) => p.id !== 'studioBackground')],
  });
  copy.resize(width, height);
  copy.update('none');
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  out.getContext('2d')!.drawImage(canvas, 0, 0);
  copy.destroy();
  return out;
}

export function downloadChartPng(chart: LineChart, title: string, theme: ChartTheme, fileName: string): void {
  const image = chartImage(chart, title, theme, exportScale(window.devicePixelRatio || 1));
  const link = document.createElement('a');
  link.href = image.toDataURL('image/png');
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The dash pattern and colour of a dataset as SVG stroke attributes. */
function strokeOf(dataset: LineChart['data']['datasets'][number]): string {
  const color = String(dataset.borderColor ?? '#000');
  const width = Number(dataset.borderWidth ?? 1.5);
  const dash = Array.isArray(dataset.borderDash) && dataset.borderDash.length > 0 ? ` stroke-dasharray="${dataset.borderDash.join(' ')}"` : '';
  return `stroke="${escape(color)}" stroke-width="${width}"${dash}`;
}

/**
 * The chart as SVG: its plot area, every dataset as polylines (broken at
 * gaps), the axes with their ticks and titles, the title and a legend, all
 * placed where the chart places them on screen.
 */
export function chartSvg(chart: LineChart, title: string, theme: ChartTheme): string {
  const area = chart.chartArea;
  const top = 28;
  const width = chart.width, height = chart.height + top;
  const x = chart.scales.x!, y = chart.scales.y!;
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="${escape(theme.bg)}"/>`);
  parts.push(`<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold" fill="${escape(theme.fg)}">${escape(title)}</text>`);
  parts.push(`<g transform="translate(0 ${top})" font-family="system-ui, sans-serif" font-size="11">`);
  // Grid and ticks.
  for (const tick of y.ticks) {
    const py = y.getPixelForValue(tick.value);
    if (py < area.top - 0.5 || py > area.bottom + 0.5) continue;
    parts.push(`<line x1="${area.left}" x2="${area.right}" y1="${py}" y2="${py}" stroke="${escape(theme.border)}"/>`);
    const label = Array.isArray(tick.label) ? tick.label.join(' ') : String(tick.label ?? '');
    parts.push(`<text x="${area.left - 4}" y="${py + 4}" text-anchor="end" fill="${escape(theme.muted)}">${escape(label)}</text>`);
  }
  for (const tick of x.ticks) {
    const px = x.getPixelForValue(tick.value);
    if (px < area.left - 0.5 || px > area.right + 0.5) continue;
    parts.push(`<line x1="${px}" x2="${px}" y1="${area.top}" y2="${area.bottom}" stroke="${escape(theme.border)}"/>`);
    const label = Array.isArray(tick.label) ? tick.label.join(' ') : String(tick.label ?? '');
    parts.push(`<text x="${px}" y="${area.bottom + 14}" text-anchor="middle" fill="${escape(theme.muted)}">${escape(label)}</text>`);
  }
  const xTitle = (chart.options.scales?.x as { title?: { text?: string } } | undefined)?.title?.text;
  const yTitle = (chart.options.scales?.y as { title?: { text?: string } } | undefined)?.title?.text;
  if (xTitle) parts.push(`<text x="${(area.left + area.right) / 2}" y="${area.bottom + 30}" text-anchor="middle" fill="${escape(theme.muted)}">${escape(String(xTitle))}</text>`);
  if (yTitle) parts.push(`<text transform="translate(12 ${(area.top + area.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="${escape(theme.muted)}">${escape(String(yTitle))}</text>`);
  parts.push(`<rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}" fill="none" stroke="${escape(theme.border)}"/>`);
  // Datasets, clipped to the plot area, each a polyline per stretch without gaps.
  parts.push(`<clipPath id="plot"><rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}"/></clipPath>`);
  parts.push('<g clip-path="url(#plot)" fill="none">');
  chart.data.datasets.forEach((dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 1) parts.push(`<polyline points="${run.join(' ')}" ${strokeOf(dataset)}/>`);
      else if (run.length === 1) parts.push(`<circle cx="${run[0]!.split(',')[0]}" cy="${run[0]!.split(',')[1]}" r="2" fill="${escape(String(dataset.borderColor ?? '#000'))}"/>`);
      run = [];
    };
    for (const p of dataset.data) {
      if (!Number.isFinite(p.y) || (y.type === 'logarithmic' && p.y <= 0)) {
        flush();
        continue;
      }
      run.push(`${x.getPixelForValue(p.x).toFixed(1)},${y.getPixelForValue(p.y).toFixed(1)}`);
    }
    flush();
  });
  parts.push('</g>');
  // The legend, one entry per visible dataset, across the top.
  let lx = area.left;
  chart.data.datasets.forEach((dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    const label = String(dataset.label ?? '');
    parts.push(`<line x1="${lx}" x2="${lx + 14}" y1="4" y2="4" ${strokeOf(dataset)}/>`);
    parts.push(`<text x="${lx + 18}" y="8" fill="${escape(theme.fg)}">${escape(label)}</text>`);
    lx += 28 + label.length * 6.5;
  });
  parts.push('</g>');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${parts.join('\n')}\n</svg>\n`;
}

export function downloadChartSvg(chart: LineChart, title: string, theme: ChartTheme, fileName: string): void {
  downloadText(fileName, chartSvg(chart, title, theme), 'image/svg+xml');
}
