import { describe, expect, it } from 'vitest';
import { logRange, logTick, seriesStyle, type ChartTheme } from '@/charts/chartSetup';
import { exportScale } from '@/charts/chartExport';

const theme = { series: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'], accent: '#000' } as ChartTheme;

describe('chart scales', () => {
  it('ranges a log axis to the powers of ten around the data, vanishing gradients included', () => {
    expect(logRange([0.3, 1.2e-4, 2.5, 0, NaN, -1])).toEqual({ min: 1e-4, max: 10 });
    expect(logRange([0.01])).toEqual({ min: 0.01, max: 0.1 });
    expect(logRange([0, NaN])).toBeNull();
  });

  it('writes log ticks as a person reads them', () => {
    expect([1e-6, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000, 1e5].map(logTick)).toEqual(['1e-6', '1e-4', '1e-3', '0.01', '0.1', '1', '10', '100', '1000', '1e5']);
    expect(logTick(2e-4)).toBe(''); // between the powers: no label
  });

  it('gives each of ten curves its own colour, and dashes the next ones', () => {
    const styles = Array.from({ length: 14 }, (_, i) => seriesStyle(theme, i));
    expect(new Set(styles.slice(0, 10).map((s) => s.color)).size).toBe(10);
    expect(styles.slice(0, 10).every((s) => s.borderDash.length === 0)).toBe(true);
    // An LSTM with biases has 14 gradient-norm curves: no two look alike.
    expect(new Set(styles.map((s) => `${s.color} ${s.borderDash.join()}`)).size).toBe(14);
  });

  it('exports at twice the screen resolution or more', () => {
    expect(exportScale(1)).toBe(2);
    expect(exportScale(2)).toBe(2);
    expect(exportScale(2.5)).toBe(3);
  });
});
