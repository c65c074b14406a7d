/**
 * The work the "inside training" views hand to a worker: a moment of the run
 * (gradient flow and mean gradient over the fixed sample) and the cloud of
 * hidden states. Every number comes from shared/rnn/inspect.
 */

import { flowSamplePairs, hiddenStateCloud, sampleGradientFlow } from '@shared/rnn/inspect';
import type { GradientFlow, HiddenStateCloud } from '@shared/rnn/inspect';
import type { TrainConfig } from '@shared/rnn/config';
import type { Weights } from '@shared/rnn/weights';
import { problemOf, type JobRequest } from '../workers/latestJobQueue';

export type NetConfig = Pick<TrainConfig, 'bits' | 'hiddenSize' | 'activation' | 'bias' | 'cell'>;

/** Some moments of the run: the snapshots' weights and their iterations. */
export interface MomentItem {
  iteration: number;
  weights: Weights;
}

export type InsideJob =
  | { kind: 'moments'; items: MomentItem[]; config: NetConfig }
  | { kind: 'cloud'; weights: Weights; config: NetConfig; previous: HiddenStateCloud['pca'] | null };

/** What a moment's figures are: the sample's gradient flow and mean gradient at its weights. */
export interface MomentFigures {
  flow: GradientFlow;
  gradient: Weights;
}

export type InsideResult =
  | { kind: 'moments'; figures: MomentFigures[] }
  | { kind: 'cloud'; cloud: HiddenStateCloud };

/** Multiply-adds one job of moments may take (some tens of milliseconds in a worker), so 200 snapshots take a few jobs. */
const MOMENTS_WORK_BUDGET = 2 ** 24;

/** How many snapshots one job computes for a network: as many as the work budget allows, at least one. */
export function momentsPerJob(config: NetConfig): number {
  const pairs = flowSamplePairs(config).a.length;
  const work = pairs * momentWorkPerPair(config);
  return Math.max(1, Math.floor(MOMENTS_WORK_BUDGET / work));
}

/** A pair's trace forward and back: the cells' gates multiply the vanilla cell's matrix work. */
function momentWorkPerPair(config: NetConfig): number {
  const gates = { rnn: 1, lstm: 4, gru: 3 }[config.cell ?? 'rnn'];
  return 2 * config.bits * config.hiddenSize * (config.hiddenSize + 2) * gates;
}

export type InsideRequest = JobRequest<InsideJob>;

export interface InsideReply {
  id: number;
  result: InsideResult | null;
  problem: string | null;
  ms: number;
}

/** Runs one job. */
export function runInsideJob(job: InsideJob): InsideResult {
  if (job.kind === 'moments') {
    const pairs = flowSamplePairs(job.config);
    return { kind: 'moments', figures: job.items.map((item) => sampleGradientFlow(item.weights, job.config, pairs)) };
  }
  return { kind: 'cloud', cloud: hiddenStateCloud(job.weights, job.config, job.previous ?? undefined) };
}

/** Answers one request, in the worker or in place. */
export function answerInsideRequest({ id, job }: InsideRequest): InsideReply {
  const started = performance.now();
  try {
    return { id, result: runInsideJob(job), problem: null, ms: performance.now() - started };
  } catch (error) {
    return { id, result: null, problem: problemOf(error), ms: performance.now() - started };
  }
}

/** The typed arrays of a result, to transfer rather than copy. */
export function transferablesOf(result: InsideResult): ArrayBuffer[] {
  if (result.kind === 'cloud') {
    const c = result.cloud;
    return [c.xy.buffer, c.carry.buffer, c.pairs.a.buffer, c.pairs.b.buffer] as ArrayBuffer[];
  }
  return result.figures.flatMap(({ flow, gradient }) => [
    ...[flow.dLdh, flow.dU, flow.dV].map((a) => a.buffer as ArrayBuffer),
    ...Object.values(gradient).map((t) => t!.data.buffer as ArrayBuffer),
  ]);
}
