/**
 * Named Float64 buffers laid out one after another. The same object sizes the
 * memory (WebAssembly's, which never grows once made) and then hands out the
 * views, so the two can never disagree.
 */

export class BufferLayout<Name extends string> {
  private readonly entries: [Name, number][] = [];

  /** Adds a buffer of `length` doubles (0 for a buffer that is not needed). */
  add(name: Name, length: number): this {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`buffer ${name} needs a whole number of doubles; got ${length}`);
    this.entries.push([name, length]);
    return this;
  }

  /** Doubles all the buffers take together. */
  get doubles(): number {
    return this.entries.reduce((sum, [, length]) => sum + length, 0);
  }

  /** One view per buffer, in the order added, each from `alloc`. */
  allocate(alloc: (length: number) => Float64Array): Record<Name, Float64Array> {
    const out = {} as Record<Name, Float64Array>;
    for (const [name, length] of this.entries) out[name] = alloc(length);
    return out;
  }
}
