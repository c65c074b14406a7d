/**
 * Gradient flow through time: how large ∂L/∂h_t and each step's share of
 * the gradients of U and V are at every step t, for one pair or averaged
 * over a small fixed sample of pairs. Vanishing gradients show as norms that
 * shrink towards t = 0; exploding ones as norms that grow.
 */

import type { NetShape } from '../kernel/kernel';
import { pairCount } from '../config';
import { distinctPairs, operandLimit } from '../task';
import type { Weights } from '../weights';
import type { SampleTrace } from './sampleTrace';
import { traceSample } from './traceSample';

export interface GradientFlow {
  /** ‖∂L/∂h_t‖ for t = 0 … L−1. */
  dLdh: Float64Array;
  /** ‖step t's term of dU‖ and ‖step t's term of dV‖ (Frobenius; for a gated cell, over all its gates together). */
  dU: Float64Array;
  dV: Float64Array;
  /** A gated cell's gates by letter: ‖step t's term of dU_g‖ and of dV_g. */
  gates?: Record<string, { dU: Float64Array; dV: Float64Array }>;
  /** The LSTM's ‖∂L/∂c_t‖. */
  dLdc?: Float64Array;
  /** ‖∂L/∂h_{L−1}‖ / ‖∂L/∂h_0‖ (null when ‖∂L/∂h_0‖ is 0). */
  lastToFirst: number | null;
  /** How many pairs the figures are averaged over. */
  pairs: number;
}

/** Some pairs: operand a[i] with b[i]. */
export interface PairList {
  a: Uint32Array;
  b: Uint32Array;
}

/** The gradient flow of one sample's trace. */
export function gradientFlowOf(trace: SampleTrace): GradientFlow {
  const flow = emptyFlow(trace);
  addTrace(flow, trace, 1);
  flow.pairs = 1;
  return finish(flow);
}

/** Adds each of a trace's per-step norms, times `weight`, into the flow. */
function addTrace(flow: GradientFlow, trace: SampleTrace, weight: number): void {
  for (const step of trace.steps) {
    const t = step.t;
    flow.dLdh[t]! += step.dLdhNorm * weight;
    flow.dU[t]! += step.dUNorm * weight;
    flow.dV[t]! += step.dVNorm * weight;
  }
  if (trace.cell === 'vanilla') return;
  for (const step of trace.steps) {
    for (const [g, gate] of Object.entries(step.gates)) {
      flow.gates![g]!.dU[step.t]! += gate.dUNorm * weight;
      flow.gates![g]!.dV[step.t]! += gate.dVNorm * weight;
    }
  }
  if (trace.cell === 'lstm') for (const step of trace.steps) flow.dLdc![step.t]! += step.dLdcNorm * weight;
}

export interface SampleFlow {
  /** Per-step norms averaged over the pairs (the mean of each pair's norm). */
  flow: GradientFlow;
  /** The squared-error gradient averaged over the pairs, as a batch of them would descend it. */
  gradient: Weights;
}

/** The gradient flow averaged over the given pairs, and their mean gradient. */
export function sampleGradientFlow(weights: Weights, shape: NetShape, pairs: PairList): SampleFlow {
  const n = pairs.a.length;
  if (n === 0) throw new RangeError('the gradient flow needs at least one pair');
  let flow: GradientFlow | null = null;
  let gradient: Weights | null = null;
  for (let i = 0; i < n; i++) {
    const trace = traceSample(weights, shape, pairs.a[i]!, pairs.b[i]!);
    flow ??= emptyFlow(trace);
    addTrace(flow, trace, 1 / n);
    if (!gradient) gradient = trace.gradients;
    else addInto(gradient, trace.gradients);
  }
  for (const tensor of Object.values(gradient!)) if (tensor) for (let i = 0; i < tensor.data.length; i++) tensor.data[i]! /= n;
  flow!.pairs = n;
  return { flow: finish(flow!), gradient: gradient! };
}

/** Multiply-adds the sample's traces may take together: a few milliseconds, so the view can follow training live. */
const FLOW_WORK_BUDGET = 2 ** 22;
const MOST_FLOW_PAIRS = 64;
const FEWEST_FLOW_PAIRS = 4;

/**
 * The fixed pairs the averaged flow uses for a network shape: every pair when
 * there are few, else distinct pairs drawn by xoshiro128** from SAMPLE_SEED,
 * as many (4 to 64) as the work budget allows for the shape.
 */
export function flowSamplePairs(shape: Pick<NetShape, 'bits' | 'hiddenSize'>): PairList {
  const L = shape.bits, H = shape.hiddenSize;
  const work = 2 * L * H * (H + 2);
  const count = Math.max(FEWEST_FLOW_PAIRS, Math.min(MOST_FLOW_PAIRS, Math.floor(FLOW_WORK_BUDGET / work)));
  return fixedPairs(L, count);
}

/** `count` distinct pairs for a bit width, the same every time: all pairs in order when there are no more than `count`. */
export function fixedPairs(bits: number, count: number): PairList {
  const limit = operandLimit(bits);
  if (pairCount(bits) <= count) {
    const total = pairCount(bits);
    const a = new Uint32Array(total), b = new Uint32Array(total);
    for (let i = 0; i < total; i++) {
      a[i] = Math.floor(i / limit);
      b[i] = i % limit;
    }
    return { a, b };
  }
  return distinctPairs(bits, count);
}

/** A flow of zeros shaped for a trace's cell and steps. */
function emptyFlow(trace: SampleTrace): GradientFlow {
  const L = trace.steps.length;
  const flow: GradientFlow = { dLdh: new Float64Array(L), dU: new Float64Array(L), dV: new Float64Array(L), lastToFirst: null, pairs: 0 };
  if (trace.cell !== 'vanilla') flow.gates = Object.fromEntries(Object.keys(trace.steps[0]!.gates).map((g) => [g, { dU: new Float64Array(L), dV: new Float64Array(L) }]));
  if (trace.cell === 'lstm') flow.dLdc = new Float64Array(L);
  return flow;
}

function finish(flow: GradientFlow): GradientFlow {
  const first = flow.dLdh[0]!, last = flow.dLdh[flow.dLdh.length - 1]!;
  flow.lastToFirst = first > 0 ? last / first : null;
  return flow;
}

function addInto(target: Weights, source: Weights): void {
  for (const [name, tensor] of Object.entries(target) as [keyof Weights, Weights[keyof Weights]][]) {
    if (!tensor) continue;
    const from = source[name]!.data;
    for (let i = 0; i < tensor.data.length; i++) tensor.data[i]! += from[i]!;
  }
}
