/** Which cell of a grid the pointer or the keyboard points at: shared by every heatmap. */

import { ref, type Ref } from 'vue';

export interface Cell {
  row: number;
  col: number;
}

/** The cell under a point at (x, y) in a box of the given size, or null outside it. */
export function cellAt(x: number, y: number, width: number, height: number, rows: number, cols: number): Cell | null {
  if (!(x >= 0 && y >= 0 && x < width && y < height) || rows < 1 || cols < 1) return null;
  return { row: Math.min(rows - 1, Math.floor((y / height) * rows)), col: Math.min(cols - 1, Math.floor((x / width) * cols)) };
}

/** The cell an arrow, Home or End key moves to from `from`; null for other keys. */
export function moveCell(from: Cell | null, key: string, rows: number, cols: number, page = 8): Cell | null {
  const c = from ?? { row: 0, col: 0 };
  const clamp = (row: number, col: number): Cell => ({ row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(cols - 1, col)) });
  switch (key) {
    case 'ArrowUp': return from ? clamp(c.row - 1, c.col) : c;
    case 'ArrowDown': return from ? clamp(c.row + 1, c.col) : c;
    case 'ArrowLeft': return from ? clamp(c.row, c.col - 1) : c;
    case 'ArrowRight': return from ? clamp(c.row, c.col + 1) : c;
    case 'PageUp': return clamp(c.row - page, c.col);
    case 'PageDown': return clamp(c.row + page, c.col);
    case 'Home': return clamp(c.row, 0);
    case 'End': return clamp(c.row, cols - 1);
    default: return null;
  }
}

/** Pointer and keyboard handlers keeping `cell` up to date for a grid of rows × cols drawn over the handler's element. */
export function useCellCursor(size: () => { rows: number; cols: number }) {
  const cell: Ref<Cell | null> = ref(null);

  function onPointerMove(event: PointerEvent): void {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const { rows, cols } = size();
    cell.value = cellAt(event.clientX - box.left, event.clientY - box.top, box.width, box.height, rows, cols);
  }

  function onPointerLeave(): void {
    cell.value = null;
  }

  /** Returns true when the key moved the cursor (the caller then prevents scrolling). */
  function onKeydown(event: KeyboardEvent): boolean {
    const { rows, cols } = size();
    if (event.key === 'Escape') {
      cell.value = null;
      return true;
    }
    const next = moveCell(cell.value, event.key, rows, cols);
    if (!next) return false;
    event.preventDefault();
    cell.value = next;
    return true;
  }

  /** What the grid's box binds (v-bind): a focusable picture (styled by cursorBox.css) that follows the pointer and forgets the cell on leaving or losing focus. */
  const boxAttrs = { class: 'cursor-box', role: 'img', tabindex: 0, onPointermove: onPointerMove, onPointerleave: onPointerLeave, onBlur: onPointerLeave };

  return { cell, onPointerMove, onPointerLeave, onKeydown, boxAttrs };
}
