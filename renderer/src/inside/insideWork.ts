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

export type NetConfig = Pick<TrainConfig, 'bits' | 'hiddenSize' | 'activation' | 'bias'>;

export type InsideJob =
  | { kind: 'moment'; weights: Weights; config: NetConfig; iteration: number }
  | { kind: 'cloud'; weights: Weights; config: NetConfig; previous: HiddenStateCloud['pca'] | null };

export type InsideResult =
  | { kind: 'moment'; flow: GradientFlow; gradient: Weights }
  | { kind: 'cloud'; cloud: HiddenStateCloud };

export type InsideRequest = JobRequest<InsideJob>;

export interface InsideReply {
  id: number;
  result: InsideResult | null;
  problem: string | null;
  ms: number;
}

/** Runs one job. */
export function runInsideJob(job: InsideJob): InsideResult {
  if (job.kind === 'moment') return { kind: 'moment', ...sampleGradientFlow(job.weights, job.config, flowSamplePairs(job.config)) };
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
  return [];
}
