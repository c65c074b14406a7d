/** A pair as the sequence a kernel reads: inputs x_t = 2·a_t + b_t and targets y_t = bit t of a + b, least significant first. */

import { bitAt } from '../task';

/** Writes the inputs and targets of a pair (a + b < 2^32) for L steps. */
export function pairSequence(a: number, b: number, L: number, x: Uint8Array, y: Uint8Array): void {
  const c = a + b;
  for (let t = 0; t < L; t++) {
    x[t] = 2 * bitAt(a, t) + bitAt(b, t);
    y[t] = bitAt(c, t);
  }
}
