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
