/**
 * Decides when a running trainer may evaluate, so that evaluation takes at
 * most a set share of the time: a few milliseconds for 8 bits can run several
 * times a second, seconds for 32 bits / hidden 128 only now and then.
 */

import { pairCount, type TrainConfig } from '../rnn/config';

/** evaluate() covers every pair up to this many, else a fixed sample. */
const ALL_PAIRS_LIMIT = 65_536;
const SAMPLE_PAIRS = 10_000;
/** Below this estimated cost an evaluation is worth doing on pause, step and stop too. */
const CHEAP_EVALUATION_MS = 100;

export class EvaluationBudget {
  private trainingMsSinceEvaluation = 0;
  private lastEvaluationAt = -Infinity;
  private measuredMs: number | null = null;
  private trainingMs = 0;
  private iterations = 0;

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

  evaluated(ms: number, at: number): void {
    this.measuredMs = ms;
    this.trainingMsSinceEvaluation = 0;
    this.lastEvaluationAt = at;
  }

  /** A periodic evaluation fits in the budget now. */
  due(now: number): boolean {
    if (now - this.lastEvaluationAt < this.minIntervalMs) return false;
    const cost = this.estimatedMs();
    return cost !== null && this.trainingMsSinceEvaluation >= (cost * (1 - this.share)) / this.share;
  }

  /** Cheap enough to run whenever training pauses. */
  cheap(): boolean {
    const cost = this.estimatedMs();
    return cost !== null && cost <= CHEAP_EVALUATION_MS;
  }

  /**
   * The last measured cost, or before any measurement a guess from the
   * training speed: a forward pass per pair is about half an iteration's work
   * per sample (evaluation shares prefixes, so this errs high).
   */
  estimatedMs(): number | null {
    if (this.measuredMs !== null) return this.measuredMs;
    if (this.iterations === 0) return null;
    const pairs = pairCount(this.config.bits) <= ALL_PAIRS_LIMIT ? pairCount(this.config.bits) : SAMPLE_PAIRS;
    const msPerSample = this.trainingMs / this.iterations / this.config.batchSize;
    return (msPerSample * pairs) / 2;
  }
}
