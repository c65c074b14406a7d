/**
 * Where text stops being JSON, told as a line and a column. JSON.parse's own
 * messages differ between engines, sometimes give no position, and quote the
 * text around the error (newlines, NUL, terminal escape codes and all); this
 * scanner follows the same grammar (RFC 8259) and names only the position and
 * what was found there, a non-printable character by its code point.
 */

/** The first place `text` breaks the JSON grammar, as one line of text; null when it is valid JSON. */
export function jsonSyntaxError(text: string): string | null {
  const found = firstSyntaxError(text);
  if (found === null) return null;
  const { index, expected } = found;
  const what = index >= text.length ? 'the end of the text' : characterAt(text, index);
  return `${expected ? `expected ${expected}, found` : 'unexpected'} ${what} at ${lineAndColumn(text, index)}`;
}

/** A character for a message: itself in quotes when printable, else its code point (U+001B). */
export function characterAt(text: string, index: number): string {
  const c = String.fromCodePoint(text.codePointAt(index)!);
  return /^[\p{L}\p{N}\p{P}\p{S} ]$/u.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}

interface JsonError {
  index: number;
  /** What the grammar needed there, or '' for "anything but this". */
  expected: string;
}

const ARRAY = 0;
const OBJECT = 1;
const LITERALS = ['true', 'false', 'null'];

/** An iterative scan (no recursion, so any depth of nesting is fine) that stops at the first error. */
function firstSyntaxError(text: string): JsonError | null {
  const n = text.length;
  const open: number[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const error = (expected = ''): JsonError => ({ index: i, expected });

  /** Reads a string starting at its opening quote; null when it is well formed. */
  const readString = (): JsonError | null => {
    i++;
    for (;;) {
      if (i >= n) return error('a closing "');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return error();
      if (c === 0x5c) {
        i++;
        if (i >= n) return error();
        const e = text[i]!;
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              return error('a hexadecimal digit');
            }
          }
          i += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) return error();
      }
      i++;
    }
  };

  const readNumber = (): JsonError | null => {
    if (text[i] === '-') i++;
    const digits = (): boolean => {
      const start = i;
      while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      return i > start;
    };
    if (text[i] === '0') i++;
    else if (!digits()) return error('a digit');
    if (text[i] === '.') {
      i++;
      if (!digits()) return error('a digit');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digits()) return error('a digit');
    }
    return null;
  };

  /** After '{' or ',' in an object: a property name and its colon. */
  const readKey = (): JsonError | null => {
    skipSpace();
    if (text[i] !== '"') return error('a property name in double quotes');
    const bad = readString();
    if (bad) return bad;
    skipSpace();
    if (text[i] !== ':') return error("':'");
    i++;
    return null;
  };

  for (;;) {
    // A value is expected here.
    skipSpace();
    const c = text[i];
    let bad: JsonError | null = null;
    if (c === '{' || c === '[') {
      i++;
      skipSpace();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c === '{' ? OBJECT : ARRAY);
        if (c === '{') bad = readKey();
        if (bad) return bad;
        continue;
      }
    } else if (c === '"') bad = readString();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) bad = readNumber();
    else {
      const literal = LITERALS.find((word) => text.startsWith(word, i));
      if (!literal) return error(i >= n ? 'a value' : '');
      i += literal.length;
    }
    if (bad) return bad;

    // After a value: close containers, or a comma and the next value.
    for (;;) {
      skipSpace();
      const inside = open.at(-1);
      if (inside === undefined) return i < n ? error('the end of the text') : null;
      const close = inside === OBJECT ? '}' : ']';
      if (text[i] === close) {
        open.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return error(`',' or '${close}'`);
      i++;
      if (inside === OBJECT) {
        bad = readKey();
        if (bad) return bad;
      }
      break;
    }
  }
}
