/**
 * The one entry point for a sample's intermediates: it picks the cell's own
 * trace (the vanilla cell's, the LSTM's or the GRU's), each returning its
 * member of the SampleTrace union.
 */

import type { NetShape } from '../kernel/kernel';
import type { Weights } from '../weights';
import { gruStepTerms, traceGruSample } from './gruTrace';
import { lstmStepTerms, traceLstmSample } from './lstmTrace';
import type { SampleTrace } from './sampleTrace';
import { traceVanillaSample, vanillaStepTerms } from './vanillaTrace';

/** Every intermediate of the pair (a, b)'s forward and backward pass, as the training step computes them. */
export function traceSample(weights: Weights, shape: NetShape, a: number, b: number): SampleTrace {
  switch (shape.cell ?? 'rnn') {
    case 'rnn':
      return traceVanillaSample(weights, shape, a, b);
    case 'lstm':
      return traceLstmSample(weights, shape, a, b);
    case 'gru':
      return traceGruSample(weights, shape, a, b);
  }
}

/** The terms step t of a trace adds to each gradient; summed over the steps they give trace.gradients. */
export function stepTerms(trace: SampleTrace, t: number): Weights {
  switch (trace.cell) {
    case 'vanilla':
      return vanillaStepTerms(trace, t);
    case 'lstm':
      return lstmStepTerms(trace, t);
    case 'gru':
      return gruStepTerms(trace, t);
  }
}
