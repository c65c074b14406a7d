import { describe, expect, it } from 'vitest';
import { cellAt, moveCell } from '@/inspect/cellCursor';
import { formatPercent, paintErrorMap, RIGHT_RGB, WRONG_RGB } from '@/inspect/errorMapImage';
import { WEIGHT_ROLES, presentWeights, weightChange, weightPanels } from '@/inspect/weightView';
import { createRandom, initWeights, resolveConfig } from '@shared/rnn';
import { zoomByKey, zoomFromDrag } from '@/charts/dragZoom';
import type { Weights } from '@shared/rnn/weights';

const t = (rows: number, cols: number, values: number[]) => ({ shape: [rows, cols] as [number, number], data: Float64Array.from(values) });

describe('weight views', () => {
  const start: Weights = { U: t(1, 2, [1, 2]), V: t(2, 2, [0, 0, 0, 0]), W: t(2, 1, [5, -5]) };
  const now: Weights = { U: t(1, 2, [1.5, 1]), V: t(2, 2, [1, 0, 0, -1]), W: t(2, 1, [5, -4]) };

  it('shows the change since the start, weight by weight', () => {
    const change = weightChange(now, start)!;
    expect(Array.from(change.U!.data)).toEqual([0.5, -1]);
    expect(Array.from(change.V!.data)).toEqual([1, 0, 0, -1]);
    expect(Array.from(change.W!.data)).toEqual([0, 1]);
    expect(Array.from(now.U!.data)).toEqual([1.5, 1]);
  });

  it('refuses a change between different networks', () => {
    expect(weightChange(now, { ...start, V: t(3, 3, new Array(9).fill(0)) })).toBeNull();
    expect(weightChange({ ...now, b_h: t(1, 2, [0, 0]) }, start)).toBeNull();
    expect(weightChange(now, { ...start, b_o: t(1, 1, [0]) })).toBeNull();
  });

  it('lists present weights in canonical order with their statistics and scale', () => {
    const withBias: Weights = { b_o: t(1, 1, [0.25]), W: now.W, V: now.V, U: now.U, b_h: t(1, 2, [-3, 0]) };
    expect(presentWeights(withBias).map(([name]) => name)).toEqual(['U', 'V', 'W', 'b_h', 'b_o']);
    const panels = weightPanels(now);
    expect(panels.map((p) => [p.name, p.rows, p.cols, p.maxAbs])).toEqual([['U', 1, 2, 1.5], ['V', 2, 2, 1], ['W', 2, 1, 5]]);
    expect(panels[2]!.stats.norm).toBeCloseTo(Math.hypot(5, 4), 12);
  });

  it('lists an LSTM\'s gate matrices in gate order, each titled by its gate', () => {
    const lstm = initWeights(resolveConfig({ cell: 'lstm', bias: true, hiddenSize: 3, seed: 1 }), createRandom('xoshiro', 1));
    const names = presentWeights(lstm).map(([name]) => name);
    expect(names).toEqual(['U_i', 'U_o', 'U_f', 'U_c', 'V_i', 'V_o', 'V_f', 'V_c', 'W', 'b_hi', 'b_ho', 'b_hf', 'b_hc', 'b_o']);
    expect(WEIGHT_ROLES.V_f.title).toBe('hidden → hidden (forget gate)');
    expect(WEIGHT_ROLES.U_r.title).toBe('input → hidden (reset gate)');
    expect(WEIGHT_ROLES.b_hh.title).toBe('hidden bias (candidate state)');
    expect(WEIGHT_ROLES.V.title).toBe('hidden → hidden');
  });
});

describe('heatmap cursor', () => {
  it('maps a point to its cell and ignores points outside', () => {
    expect(cellAt(0, 0, 160, 20, 2, 16)).toEqual({ row: 0, col: 0 });
    expect(cellAt(159.9, 19.9, 160, 20, 2, 16)).toEqual({ row: 1, col: 15 });
    expect(cellAt(35, 12, 160, 20, 2, 16)).toEqual({ row: 1, col: 3 });
    expect(cellAt(-1, 5, 160, 20, 2, 16)).toBeNull();
    expect(cellAt(160, 5, 160, 20, 2, 16)).toBeNull();
  });

  it('moves with the arrow keys and stops at the edges', () => {
    expect(moveCell(null, 'ArrowRight', 4, 4)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 0, col: 0 }, 'ArrowLeft', 4, 4)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 1, col: 1 }, 'ArrowDown', 4, 4)).toEqual({ row: 2, col: 1 });
    expect(moveCell({ row: 1, col: 1 }, 'End', 4, 4)).toEqual({ row: 1, col: 3 });
    expect(moveCell({ row: 1, col: 1 }, 'PageDown', 4, 4)).toEqual({ row: 3, col: 1 });
    expect(moveCell({ row: 1, col: 1 }, 'x', 4, 4)).toBeNull();
  });
});

describe('error map image', () => {
  it('paints right and wrong pairs and counts the right ones', () => {
    const pixels = new Uint8ClampedArray(16);
    expect(paintErrorMap(Uint8Array.from([1, 0, 1, 1]), pixels)).toBe(3);
    expect(Array.from(pixels.subarray(0, 8))).toEqual([...RIGHT_RGB, 255, ...WRONG_RGB, 255]);
  });

  it('never rounds a miss up to 100%', () => {
    expect(formatPercent(16383, 16384)).toBe('99.9%');
    expect(formatPercent(16384, 16384)).toBe('100.0%');
    expect(formatPercent(0, 0)).toBe('–');
  });
});

describe('drag zoom', () => {
  const valueAt = (px: number) => (px - 50) * 10;
  it('turns a drag inside the plot into an x range, either direction', () => {
    expect(zoomFromDrag(100, 150, 50, 550, valueAt)).toEqual({ min: 500, max: 1000 });
    expect(zoomFromDrag(150, 100, 50, 550, valueAt)).toEqual({ min: 500, max: 1000 });
  });

  it('clamps to the plot area and ignores clicks', () => {
    expect(zoomFromDrag(10, 100, 50, 550, valueAt)).toEqual({ min: 0, max: 500 });
    expect(zoomFromDrag(100, 102, 50, 550, valueAt)).toBeNull();
  });
});

describe('keyboard zoom', () => {
  const extent: [number, number] = [1, 1001];
  it('zooms in around the centre, out again, pans and resets', () => {
    const zoomed = zoomByKey(null, extent, '+');
    expect(zoomed).toEqual({ min: 251, max: 751 });
    expect(zoomByKey(zoomed!, extent, 'ArrowRight')).toEqual({ min: 376, max: 876 });
    expect(zoomByKey({ min: 376, max: 876 }, extent, 'ArrowRight')).toEqual({ min: 501, max: 1001 });
    expect(zoomByKey({ min: 501, max: 1001 }, extent, 'ArrowRight')).toEqual({ min: 501, max: 1001 });
    expect(zoomByKey(zoomed!, extent, '-')).toBeNull();
    expect(zoomByKey(zoomed!, extent, '0')).toBeNull();
    expect(zoomByKey(null, extent, 'ArrowLeft')).toBeUndefined();
    expect(zoomByKey(null, extent, 'x')).toBeUndefined();
  });
});
