/**
 * Decides when a running trainer may evaluate, so that evaluation takes at
 * most a set share of the time: a few milliseconds for 8 bits can run several
 * times a second, seconds for 32 bits / hidden 128 only now and then.
 */

import { pairCount, type TrainConfig } from '../rnn/config';
import { evaluatesAllPairs, evaluationPairs } from '../rnn/task';

/** Below this estimated cost an evaluation is worth doing on pause, step and stop too. */
const CHEAP_EVALUATION_MS = 100;
/**
 * A run whose evaluation costs at most this is evaluated on a cadence of its
 * own as well (from its first slice on), so that even a run over in a second
 * draws an accuracy curve of about CURVE_POINTS points instead of a single one
 * at the end. The bound is generous because a first evaluation runs cold.
 */
const CURVE_EVALUATION_MS = 150;
const CURVE_POINTS = 25;

export class EvaluationBudget {
  private trainingMsSinceEvaluation = 0;
  private lastEvaluationAt = -Infinity;
  private measuredMs: number | null = null;
  private trainingMs = 0;
  private iterations = 0;
  private nextCurveIteration = 0;

  constructor(
    private readonly config: TrainConfig,
    /** The most of the time evaluation may take (0.1 = 10%). */
    private readonly share: number,
    private readonly minIntervalMs: number,
  ) {}

  /** Records training work done between evaluations. */
  trained(iterations: number, ms: number): void {
    this.iterations += iterations;
    this.trainingMs += ms;
    this.trainingMsSinceEvaluation += ms;
  }

  /** Records an evaluation that took `ms`, finished at time `at`, of the weights after `iteration` iterations. */
  evaluated(ms: number, at: number, iteration: number): void {
    // The work is the same every time, so the fastest run is the truest measure (the first runs cold).
    this.measuredMs = this.measuredMs === null ? ms : Math.min(this.measuredMs, ms);
    this.trainingMsSinceEvaluation = 0;
    this.lastEvaluationAt = at;
    this.nextCurveIteration = iteration + Math.max(1, Math.ceil(this.config.iterations / CURVE_POINTS));
  }

  /** A periodic evaluation is due now, at `iteration`: by the curve's cadence when cheap, else by the time budget. */
  due(now: number, iteration: number): boolean {
    const cost = this.estimatedMs();
    if (cost === null) return false;
    if (cost <= CURVE_EVALUATION_MS && iteration >= this.nextCurveIteration) return true;
    if (now - this.lastEvaluationAt < this.minIntervalMs) return false;
    return this.trainingMsSinceEvaluation >= (cost * (1 - this.share)) / this.share;
  }

  /**
   * Iterations from `iteration` to the next point of the accuracy curve, so a
   * slice can stop there; Infinity when evaluation is not cheap enough for a
   * curve (or not yet measured).
   */
  untilCurvePoint(iteration: number): number {
    const cost = this.estimatedMs();
    if (cost === null || cost > CURVE_EVALUATION_MS) return Infinity;
    return Math.max(1, this.nextCurveIteration - iteration);
  }

  /** Cheap enough to run whenever training pauses. */
  cheap(): boolean {
    const cost = this.estimatedMs();
    return cost !== null && cost <= CHEAP_EVALUATION_MS;
  }

  /**
   * The last measured cost, or before any measurement a guess from the
   * training speed. A training sample is about three passes over the bits
   * (forward, and twice the work back); a sampled evaluation is one forward
   * pass per pair, guessed high at half a sample; an all-pairs evaluation
   * walks a prefix tree with one step of work per node.
   */
  estimatedMs(): number | null {
    if (this.measuredMs !== null) return this.measuredMs;
    if (this.iterations === 0) return null;
    const { bits, batchSize } = this.config;
    const msPerSample = this.trainingMs / this.iterations / batchSize;
    if (!evaluatesAllPairs(bits)) return (msPerSample * evaluationPairs(bits)) / 2;
    return (msPerSample * prefixTreeNodes(bits)) / (3 * bits);
  }
}

/** Nodes of the all-pairs prefix tree: step t has 4^(t+1) distinct input prefixes, at most one per pair. */
export function prefixTreeNodes(bits: number): number {
  let nodes = 0;
  for (let t = 0; t < bits; t++) nodes += Math.min(4 ** (t + 1), pairCount(bits));
  return nodes;
}
