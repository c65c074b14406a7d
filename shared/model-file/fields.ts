/** Reading untrusted JSON values with error messages that name the field's path. */

import { describeValue, isRecord } from '../describeValue';

/** A model file that cannot be opened; the message names the problem and the field. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** A model file of a newer version than this studio reads: not damaged, only not readable here. */
export class NewerModelFileError extends ModelFileError {
  override name = 'NewerModelFileError';

  constructor(
    message: string,
    /** The file's version. */
    readonly version: number,
  ) {
    super(message);
  }
}

export type JsonObject = Record<string, unknown>;

export function fail(message: string): never {
  throw new ModelFileError(message);
}

/** A JSON object (not null, not an array). */
export const isObject: (value: unknown) => value is JsonObject = isRecord;

export function objectAt(value: unknown, path: string): JsonObject {
  if (value === undefined) fail(`${path} is missing`);
  if (!isObject(value)) fail(`${path} must be an object; got ${describeValue(value)}`);
  return value;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined) fail(`${path} is missing`);
  if (!Array.isArray(value)) fail(`${path} must be an array; got ${describeValue(value)}`);
  return value;
}

/** A finite number, optionally within [min, max]; `what` says the allowed values for the message. */
export function numberAt(value: unknown, path: string, what = 'a finite number', min = -Infinity, max = Infinity): number {
  if (value === undefined) fail(`${path} is missing`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(`${path} must be ${what}; got ${describeValue(value)}`);
  return value;
}

export function integerAt(value: unknown, path: string, min: number, max: number): number {
  const what = `a whole number from ${min} to ${max}`;
  const n = numberAt(value, path, what, min, max);
  if (!Number.isInteger(n)) fail(`${path} must be ${what}; got ${n}`);
  return n;
}

/** A number or null (for "not measured yet"). */
export function nullableNumberAt(value: unknown, path: string, what: string, min: number, max: number): number | null {
  if (value === null) return null;
  if (value === undefined) fail(`${path} is missing (use null when unknown)`);
  return numberAt(value, path, `${what} or null`, min, max);
}

/** Copies a JSON array of numbers into a Float64Array, naming the first bad entry. */
export function numbersAt(value: unknown, path: string, expectedLength: number | null, maxLength: number): Float64Array {
  const list = arrayAt(value, path);
  if (expectedLength !== null && list.length !== expectedLength) fail(`${path} has ${list.length} numbers; ${expectedLength} are needed`);
  if (list.length > maxLength) fail(`${path} has ${list.length} numbers; at most ${maxLength} are allowed`);
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}[${i}] must be a finite number; got ${describeValue(v)}`);
    out[i] = v;
  }
  return out;
}
