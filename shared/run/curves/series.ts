/** Compact, growable numeric storage for long training curves. */

/** A Float64Array that grows by doubling, so appending n values costs O(n) in total. */
export class GrowableFloat64 {
  private data: Float64Array;
  private size = 0;

  constructor(initialCapacity = 256) {
    this.data = new Float64Array(initialCapacity);
  }

  get length(): number {
    return this.size;
  }

  get byteLength(): number {
    return this.data.byteLength;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  push(value: number): void {
    if (this.size === this.data.length) this.grow(this.size + 1);
    this.data[this.size++] = value;
  }

  /** A copy of the values. */
  toArray(): Float64Array {
    return this.data.slice(0, this.size);
  }

  /** Drops values from index n on. */
  truncate(n: number): void {
    this.size = Math.max(0, Math.min(n, this.size));
  }

  clear(): void {
    this.size = 0;
  }

  /** Releases memory held beyond the initial capacity. */
  shrink(initialCapacity = 256): void {
    this.size = 0;
    this.data = new Float64Array(initialCapacity);
  }

  private grow(needed: number): void {
    let capacity = Math.max(1, this.data.length);
    while (capacity < needed) capacity *= 2;
    const next = new Float64Array(capacity);
    next.set(this.data.subarray(0, this.size));
    this.data = next;
  }
}

/** Values per block of precomputed minima and maxima. */
export const BLOCK = 64;

/**
 * A Float32 series (the loss curve needs no more precision to be drawn) with
 * the minimum and maximum of every BLOCK values kept up to date, so a
 * min/max decimation of a million values reads a few thousand numbers.
 */
export class MinMaxSeries {
  private data: Float32Array;
  private blockMin: Float32Array;
  private blockMax: Float32Array;
  private size = 0;

  constructor(private readonly initialCapacity = 1024) {
    this.data = new Float32Array(initialCapacity);
    this.blockMin = new Float32Array(Math.ceil(initialCapacity / BLOCK));
    this.blockMax = new Float32Array(Math.ceil(initialCapacity / BLOCK));
  }

  get length(): number {
    return this.size;
  }

  get byteLength(): number {
    return this.data.byteLength + this.blockMin.byteLength + this.blockMax.byteLength;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  /** Minimum of block k, ignoring NaN (NaN when the block holds only NaN). */
  minOfBlock(k: number): number {
    return this.blockMin[k]!;
  }

  maxOfBlock(k: number): number {
    return this.blockMax[k]!;
  }

  push(value: number): void {
    if (this.size === this.data.length) this.grow(this.size + 1);
    const i = this.size++;
    this.data[i] = value;
    const k = (i / BLOCK) | 0;
    if (i % BLOCK === 0) {
      this.blockMin[k] = value;
      this.blockMax[k] = value;
    } else {
      const v = this.data[i]!;
      // NaN never wins a comparison, so a block starting with NaN adopts the first real value.
      if (v < this.blockMin[k]! || Number.isNaN(this.blockMin[k]!)) this.blockMin[k] = v;
      if (v > this.blockMax[k]! || Number.isNaN(this.blockMax[k]!)) this.blockMax[k] = v;
    }
  }

  truncate(n: number): void {
    if (n >= this.size) return;
    this.size = Math.max(0, n);
    this.rebuildBlocks(Math.floor(this.size / BLOCK));
  }

  /** Recomputes block minima and maxima from block `fromBlock` on. */
  private rebuildBlocks(fromBlock = 0): void {
    const blocks = Math.ceil(this.size / BLOCK);
    for (let k = fromBlock; k < blocks; k++) {
      const end = Math.min(this.size, (k + 1) * BLOCK);
      let lo = NaN;
      let hi = NaN;
      for (let i = k * BLOCK; i < end; i++) {
        const v = this.data[i]!;
        if (v < lo || Number.isNaN(lo)) lo = v;
        if (v > hi || Number.isNaN(hi)) hi = v;
      }
      this.blockMin[k] = lo;
      this.blockMax[k] = hi;
    }
  }

  clear(): void {
    this.size = 0;
  }

  /** Releases memory held beyond the initial capacity. */
  shrink(): void {
    this.size = 0;
    this.data = new Float32Array(this.initialCapacity);
    this.blockMin = new Float32Array(Math.ceil(this.initialCapacity / BLOCK));
    this.blockMax = new Float32Array(Math.ceil(this.initialCapacity / BLOCK));
  }

  private grow(needed: number): void {
    let capacity = Math.max(BLOCK, this.data.length);
    while (capacity < needed) capacity *= 2;
    const data = new Float32Array(capacity);
    data.set(this.data.subarray(0, this.size));
    this.data = data;
    const blocks = Math.ceil(capacity / BLOCK);
    const blockMin = new Float32Array(blocks);
    const blockMax = new Float32Array(blocks);
    blockMin.set(this.blockMin);
    blockMax.set(this.blockMax);
    this.blockMin = blockMin;
    this.blockMax = blockMax;
  }
}
