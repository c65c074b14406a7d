/**
 * The one entry point for a sample's intermediates: it picks the cell's own
 * trace. Cells other than the vanilla one add their branch here, returning
 * their member of the SampleTrace union.
 */

import type { NetShape } from '../kernel/kernel';
import type { Weights } from '../weights';
import type { SampleTrace } from './sampleTrace';
import { traceVanillaSample, vanillaStepTerms } from './vanillaTrace';

/** Whether a cell has a step-by-step trace (the vanilla cell; the LSTM's and GRU's gates are not traced). */
export function tracesCell(shape: Pick<NetShape, 'cell'>): boolean {
  return (shape.cell ?? 'rnn') === 'rnn';
}

/** Every intermediate of the pair (a, b)'s forward and backward pass, as the training step computes them. */
export function traceSample(weights: Weights, shape: NetShape, a: number, b: number): SampleTrace {
  if (!tracesCell(shape)) throw new RangeError(`the step-by-step trace follows the vanilla cell; a ${shape.cell} cell's gates are not traced`);
  return traceVanillaSample(weights, shape, a, b);
}

/** The terms step t of a trace adds to each gradient; summed over the steps they give trace.gradients. */
export function stepTerms(trace: SampleTrace, t: number): Weights {
  switch (trace.cell) {
    case 'vanilla': return vanillaStepTerms(trace, t);
  }
}
