/** Writing numbers as model-file text: the shortest form that reads back to the same float64. */

/** The shortest decimal text that parses back to exactly x (JavaScript's number-to-string does this), keeping the sign of −0 (JSON.stringify drops it). */
export function exactNumberText(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** exactNumberText for a model file, which holds finite numbers only; `path` names the field in the error. */
export function numberText(x: number, path: string): string {
  if (!Number.isFinite(x)) throw new RangeError(`${path} is ${x}; a model file holds finite numbers only`);
  return exactNumberText(x);
}

/** A number, text, boolean or null as JSON. */
export function scalar(value: number | string | boolean | null, path: string): string {
  return typeof value === 'number' ? numberText(value, path) : JSON.stringify(value);
}

/** A JSON array of numbers, each in its shortest exact form. */
export function numberList(data: ArrayLike<number>, path: string): string {
  const parts = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    // The element's path is written out only for the error: a run's file has thousands of numbers.
    parts[i] = Number.isFinite(x) ? exactNumberText(x) : numberText(x, `${path}[${i}]`);
  }
  return `[${parts.join(', ')}]`;
}

/** How number lists are written: numberList, or a cache's copy of an unchanged one. */
export type NumberListWriter = (data: Float64Array, path: string) => string;

/**
 * The text of the number lists written last, by field, to write again without
 * formatting them anew while they have not changed: the checkpoints taken
 * within one batch repeat the weights and the optimiser's memory of the one
 * before, and turning millions of numbers into text is most of a
 * checkpoint's cost (a second for the largest models).
 */
export class NumberListCache {
  private readonly lists = new Map<string, { words: Uint32Array; text: string }>();

  /** `format` writes a list that is not in the cache. */
  constructor(private readonly format: NumberListWriter = numberList) {}

  /** numberList(data, path), from the cache when the field held exactly these numbers last time. */
  readonly write: NumberListWriter = (data, path) => {
    const words = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
    const kept = this.lists.get(path);
    if (kept && sameWords(kept.words, words)) return kept.text;
    const text = this.format(data, path);
    this.lists.set(path, { words: words.slice(), text });
    return text;
  };
}

/** Bit for bit the same numbers (−0 is not 0). */
function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

