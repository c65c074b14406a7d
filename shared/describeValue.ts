/** How error messages across the studio quote a value that is not what was expected. */

/** A short description of a value for an error message: numbers and flags as they are, text quoted and cut, anything else by its kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
}

/**
 * Text (from a file or a message), quoted for a one-line message: at most 40
 * characters, and every character that is not printable (controls, escapes,
 * line and bidi marks) written as \u{…} rather than echoed.
 */
export function quoted(text: string): string {
  const characters = [...text.slice(0, 81)];
  const short = characters.length > 40 ? `${characters.slice(0, 40).join('')}…` : text;
  return JSON.stringify(short).replace(/[\p{C}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** A property name as part of a field path: `config.rate`, or `config["odd key"]` quoted. */
export function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]{0,39}$/.test(key) ? `${parent}.${key}` : `${parent}[${quoted(key)}]`;
}

/** A plain object (not null, not an array): what a JSON object or a structured message parses to. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
