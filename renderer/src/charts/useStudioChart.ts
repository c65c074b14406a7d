/** The life of one studio chart: creation on mount, theme changes, resizing, once-per-frame redraws, PNG export, teardown. */

import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import type { ChartConfiguration } from 'chart.js';
import { backgroundPlugin, Chart, readTheme, type ChartTheme } from './chartSetup';
import type { Point } from '@shared/run/curves/decimate';
import { downloadChartPng, downloadChartSvg } from './chartExport';
import { createFrameCoalescer } from '../services/frameCoalescer';
import { usePreferencesStore } from '../stores/preferences';

export type LineChart = Chart<'line', Point[]>;

export interface StudioChartSpec {
  /** The chart's configuration for a theme (called again when the theme or a scale type changes). */
  create(theme: ChartTheme): ChartConfiguration<'line', Point[]>;
  /** Puts the current data into the chart; `buckets` is about one per horizontal pixel. Returns false when nothing changed (no redraw). */
  refresh(chart: LineChart, buckets: number, theme: ChartTheme): boolean | void;
}

export interface StudioChart {
  /** Asks for a redraw in the next animation frame (many requests, one draw). */
  request(): void;
  /** Recreates the chart, e.g. after a scale type changed. */
  rebuild(): void;
  /** Saves the chart with its title and legend: a PNG at twice the screen's resolution or more, or an SVG. */
  exportImage(format: 'png' | 'svg', title: string, baseName: string): void;
  current(): LineChart | null;
}

export function useStudioChart(canvas: Ref<HTMLCanvasElement | null>, spec: StudioChartSpec): StudioChart {
  let chart: LineChart | null = null;
  let theme: ChartTheme | null = null;
  const frame = createFrameCoalescer(draw);
  const preferences = usePreferencesStore();

  function buckets(c: LineChart): number {
    const area = c.chartArea;
    const width = area ? area.right - area.left : c.width;
    return Math.max(16, Math.round(width));
  }

  function draw(): void {
    if (!chart || !theme) return;
    if (spec.refresh(chart, buckets(chart), theme) === false) return;
    chart.update('none');
  }

  function build(): void {
    const element = canvas.value;
    if (!element) return;
    chart?.destroy();
    theme = readTheme(element);
    const config = spec.create(theme);
    const current = theme;
    config.plugins = [backgroundPlugin(() => current), ...(config.plugins ?? [])];
    config.options = { ...config.options, onResize: () => frame.request() };
    chart = new Chart(element, config);
    frame.request();
  }

  // A new scheme needs new colours throughout: the chart is made again (after the stylesheet has switched).
  watch(() => preferences.scheme, () => build(), { flush: 'post' });

  onMounted(build);
  onBeforeUnmount(() => {
    frame.cancel();
    chart?.destroy();
    chart = null;
  });

  return {
    request: () => frame.request(),
    rebuild: build,
    exportImage(format, title, baseName) {
      if (!chart || !theme) return;
      // Draw the latest data first so the image matches what was asked for.
      draw();
      chart.update('none');
      if (format === 'png') downloadChartPng(chart, title, theme, `${baseName}.png`);
      else downloadChartSvg(chart, title, theme, `${baseName}.svg`);
    },
    current: () => chart,
  };
}
