import { describe, expect, it } from 'vitest';
import { colorInto, cssColor, legendTicks, maxAbs, NEGATIVE, paintMatrix, POSITIVE, scalePosition, ZERO, type HeatScale } from '@/inspect/colorScale';

function rgb(value: number, scale: HeatScale): number[] {
  const px = new Uint8ClampedArray(4);
  colorInto(value, scale, px, 0);
  return Array.from(px);
}

describe('diverging colour scale', () => {
  const scale: HeatScale = { kind: 'diverging', maxAbs: 2 };

  it('is white at zero and the full colours at ±maxAbs', () => {
    expect(rgb(0, scale)).toEqual([...ZERO, 255]);
    expect(rgb(2, scale)).toEqual([...POSITIVE, 255]);
    expect(rgb(-2, scale)).toEqual([...NEGATIVE, 255]);
  });

  it('is symmetric: equal magnitudes are equally far from white', () => {
    for (const v of [0.1, 0.5, 1, 1.7]) {
      const up = rgb(v, scale);
      const down = rgb(-v, scale);
      const distance = (c: number[]) => Math.hypot(c[0]! - ZERO[0], c[1]! - ZERO[1], c[2]! - ZERO[2]);
      const fullUp = distance([...POSITIVE]);
      const fullDown = distance([...NEGATIVE]);
      expect(distance(up) / fullUp).toBeCloseTo(distance(down) / fullDown, 1);
      expect(scalePosition(v, scale)).toBe(-scalePosition(-v, scale));
    }
  });

  it('clamps beyond the range and greys out NaN', () => {
    expect(rgb(50, scale)).toEqual(rgb(2, scale));
    expect(rgb(-50, scale)).toEqual(rgb(-2, scale));
    expect(rgb(NaN, scale)).toEqual([128, 128, 128, 255]);
  });

  it('takes its half-width from the largest magnitude, either sign', () => {
    expect(maxAbs([0.5, -3, 2])).toBe(3);
    expect(maxAbs([])).toBe(0);
    expect(maxAbs([1, Infinity, -2])).toBe(2);
  });

  it('labels the legend symmetrically around zero', () => {
    expect(legendTicks(scale)).toEqual([-2, 0, 2]);
    expect(legendTicks({ kind: 'sequential', min: 0, max: 1 })).toEqual([0, 0.5, 1]);
  });

  it('paints one RGBA pixel per cell in row-major order', () => {
    const pixels = new Uint8ClampedArray(12);
    paintMatrix([-2, 0, 2], scale, pixels);
    expect(Array.from(pixels)).toEqual([...NEGATIVE, 255, ...ZERO, 255, ...POSITIVE, 255]);
    expect(cssColor(2, scale)).toBe(`rgb(${POSITIVE.join(', ')})`);
  });

  it('handles an all-zero matrix (maxAbs 0) without dividing by zero', () => {
    expect(rgb(0, { kind: 'diverging', maxAbs: 0 })).toEqual([...ZERO, 255]);
  });
});
