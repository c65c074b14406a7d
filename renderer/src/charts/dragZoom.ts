/** Zooming a chart's x axis by dragging across it: a small pointer-event gesture, no plugin dependency. */

import { computed, ref, type Ref } from 'vue';

export interface XRange {
  min: number;
  max: number;
}

/** Drags narrower than this many pixels are clicks, not zooms. */
export const MIN_DRAG_PX = 5;

/**
 * The x range selected by dragging from pixel a to pixel b inside the plot
 * area [left, right]; null when the drag is too short to mean a zoom.
 */
export function zoomFromDrag(a: number, b: number, left: number, right: number, valueAt: (px: number) => number): XRange | null {
  const lo = Math.max(left, Math.min(a, b));
  const hi = Math.min(right, Math.max(a, b));
  if (hi - lo < MIN_DRAG_PX) return null;
  const min = valueAt(lo);
  const max = valueAt(hi);
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return null;
  return { min, max };
}

export interface PlotGeometry {
  /** The plot area's left and right edges in canvas CSS pixels. */
  area(): { left: number; right: number } | null;
  valueAt(px: number): number;
}

/** Pointer handlers for the canvas and the selection band to show while dragging. */
export function useDragZoom(geometry: PlotGeometry, onZoom: (range: XRange) => void) {
  const start = ref<number | null>(null);
  const end = ref<number | null>(null);
  let pointerId = -1;

  function offsetX(event: PointerEvent): number {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return event.clientX - rect.left;
  }

  function onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const area = geometry.area();
    const x = offsetX(event);
    if (!area || x < area.left || x > area.right) return;
    pointerId = event.pointerId;
    (event.currentTarget as HTMLElement).setPointerCapture?.(pointerId);
    start.value = x;
    end.value = x;
  }

  function onPointerMove(event: PointerEvent): void {
    if (start.value === null || event.pointerId !== pointerId) return;
    end.value = offsetX(event);
  }

  function onPointerUp(event: PointerEvent): void {
    if (start.value === null || event.pointerId !== pointerId) return;
    const area = geometry.area();
    const range = area ? zoomFromDrag(start.value, offsetX(event), area.left, area.right, geometry.valueAt) : null;
    cancel();
    if (range) onZoom(range);
  }

  function cancel(): void {
    start.value = null;
    end.value = null;
    pointerId = -1;
  }

  /** The band's position, clamped to the plot area; null when not dragging. */
  const band = computed(() => {
    const area = geometry.area();
    if (start.value === null || end.value === null || !area) return null;
    const lo = Math.max(area.left, Math.min(start.value, end.value));
    const hi = Math.min(area.right, Math.max(start.value, end.value));
    return { left: `${lo}px`, width: `${Math.max(0, hi - lo)}px` };
  });

  return { band, onPointerDown, onPointerMove, onPointerUp, cancel, dragging: computed(() => start.value !== null) as Ref<boolean> };
}

/**
 * The keyboard's way to zoom: "+" halves the visible range around its centre,
 * "-" doubles it, the arrows pan by a quarter, "0" resets. Returns the new
 * range, null for the whole run, or undefined when the key means nothing here.
 */
export function zoomByKey(current: XRange | null, extent: [number, number], key: string): XRange | null | undefined {
  const [first, last] = extent;
  if (last <= first) return undefined;
  const view = current ?? { min: first, max: last };
  const width = view.max - view.min;
  const centre = (view.min + view.max) / 2;
  const fit = (min: number, max: number): XRange | null => {
    const w = Math.min(max - min, last - first);
    const lo = Math.max(first, Math.min(min, last - w));
    const range = { min: Math.round(lo), max: Math.round(lo + w) };
    return range.min <= first && range.max >= last ? null : range;
  };
  switch (key) {
    case '+':
    case '=':
      return fit(centre - Math.max(2, width / 4), centre + Math.max(2, width / 4));
    case '-':
      return fit(centre - width, centre + width);
    case 'ArrowLeft':
      return current ? fit(view.min - width / 4, view.max - width / 4) : undefined;
    case 'ArrowRight':
      return current ? fit(view.min + width / 4, view.max + width / 4) : undefined;
    case '0':
      return null;
    default:
      return undefined;
  }
}
