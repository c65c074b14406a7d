/** Checking what a person typed into a probe field. */

import { parseOperand } from '@shared/rnn/lengths';

/** The largest addend for a bit width: the sum of two must fit in `bits` bits. */
export function maxOperand(bits: number): number {
  return 2 ** (bits - 1) - 1;
}

export type OperandCheck = { ok: true; value: number } | { ok: false; message: string };

/** Parses a field's text as an addend from 0 to 2^(bits−1) − 1 (the one reader of operands, as the CLI's), or explains what is wrong and what is allowed. */
export function checkOperand(label: string, text: string, bits: number): OperandCheck {
  const read = parseOperand(label, text, bits);
  return read.ok ? { ok: true, value: Number(read.value) } : { ok: false, message: read.problem };
}

/** Multiply-adds beyond which the map is computed only on request (about a second of a worker's time). */
export const ERROR_MAP_LIVE_BUDGET = 1e9;

/** Multiply-adds one error map costs: every pair runs `bits` steps of an H-unit network. */
export function errorMapCost(bits: number, hiddenSize: number): number {
  const pairs = 4 ** (bits - 1);
  return pairs * bits * hiddenSize * (hiddenSize + 4);
}

/** A predicted-bit summary: "All bits right" or "N bits wrong". */
export function bitsSummary(predicted: string, expected: string): string {
  let wrong = 0;
  for (let i = 0; i < expected.length; i++) if (predicted[i] !== expected[i]) wrong++;
  return wrong === 0 ? 'All bits right' : `${wrong} ${wrong === 1 ? 'bit' : 'bits'} wrong`;
}
