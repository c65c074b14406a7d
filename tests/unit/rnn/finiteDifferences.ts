import { expect } from 'vitest';
import type { WeightName, Weights } from '@shared/rnn';

/** The step of the central differences; their own noise is about 1e-16 / STEP. */
export const STEP = 1e-5;

/** Central finite differences of `loss` with respect to every entry of the named weights (changed in place and restored). */
export function numericGradient(weights: Weights, names: readonly WeightName[], loss: () => number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const name of names) {
    const data = weights[name]!.data;
    const g = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const keep = data[i]!;
      data[i] = keep + STEP;
      const up = loss();
      data[i] = keep - STEP;
      const down = loss();
      data[i] = keep;
      g[i] = (up - down) / (2 * STEP);
    }
    out[name] = g;
  }
  return out;
}

/** Checks a gradient against central finite differences of `loss`, entry by entry, within their noise. */
export function expectFiniteDifferences(weights: Weights, names: readonly WeightName[], loss: () => number, gradient: Weights): void {
  const numeric = numericGradient(weights, names, loss);
  for (const name of names) {
    numeric[name]!.forEach((n, i) => {
      const analytic = gradient[name]!.data[i]!;
      expect(Math.abs(n - analytic), `${name}[${i}]`).toBeLessThan(1e-8 + 1e-6 * Math.abs(analytic));
    });
  }
}
