/**
 * The stop rule's question — "do at least target·pairs of the evaluated pairs
 * come out right?" — answered without always scoring every pair. Pairs are
 * run through plain forward passes in a fixed order until the answer is
 * certain; a network far from the target gives itself away within a few
 * pairs, and one near it by a pair an earlier check found wrong. When a
 * bounded number of passes has not settled it, evaluation's walk over every
 * pair decides (and its accuracy is kept). Either way the answer is exactly `evaluate(…).exact >=
 * target`: a forward pass gives every pair the same output bits as the
 * evaluation's shared-prefix walk (the kernels fix the summation order).
 */

import { scoreKernel, type NetConfig } from './evaluate';
import { createKernel, type Kernel } from './kernel/kernel';
import { loadParams, type FlatParams } from './parameters';
import { bitAt, evaluatesAllPairs, evaluationPairs, operandLimit, samplePairs } from './task';
import { requireValidWeights, type Weights } from './weights';

/** The check's answer, with the accuracy when it had to score every pair (what evaluate() reports as exact and bit). */
export interface TargetCheck {
  reached: boolean;
  scored: { exact: number; bit: number; pairs: number } | null;
}

/**
 * Forward passes tried, as a share of all pairs, before the full evaluation
 * takes over. The shared-prefix walk over all pairs costs about a quarter of a
 * forward pass per pair (8 bits: 4 ms against 16 ms), so these passes add at
 * most a quarter to a check that ends up needing the walk.
 */
const FORWARD_SHARE = 1 / 16;
/**
 * An odd step through the pair indices (a power of two in number), so the
 * visiting order is a permutation that jumps across operands: wrong pairs
 * cluster (a carry the network has not learnt), and sweeping them in index
 * order would reach a cluster late.
 */
const ORDER_STEP = 40_503;
/**
 * Wrong pairs found by earlier checks, tried first: a pair the network got
 * wrong a hundred iterations ago is usually still wrong, so near the target a
 * check ends after a pass or two instead of searching for the last few errors.
 */
const REMEMBERED_WRONG = 32;

/** The fewest right pairs out of `pairs` whose fraction, computed as evaluate() computes it, is at least `target`. */
export function pairsNeeded(target: number, pairs: number): number {
  let needed = Math.min(pairs, Math.max(0, Math.ceil(target * pairs)));
  while (needed > 0 && (needed - 1) / pairs >= target) needed--;
  while (needed <= pairs && needed / pairs < target) needed++;
  return needed;
}

/** Checks one network shape's weights against an accuracy target, reusing one forward network. */
export class AccuracyTarget {
  private readonly rnn: Kernel;
  /**
   * The bit width and the values an operand takes, held by the check itself
   * (not read from the configuration, a message's copy whose hidden class can
   * differ between runs and would discard the compiled checks).
   */
  private readonly bits: number;
  private readonly operandValues: number;
  private readonly pairs: number;
  private readonly needed: number;
  /** Indices of pairs found wrong by earlier checks, most recent last. */
  private readonly wrongBefore: number[] = [];
  /** Where in the scattered order the next check starts: each check goes on where the last stopped, so successive checks see different pairs. */
  private cursor = 0;

  constructor(
    private readonly config: NetConfig,
    /** A fraction in (0, 1]. */
    readonly target: number,
  ) {
    if (!(target > 0 && target <= 1)) throw new RangeError(`an accuracy target must be above 0 and at most 1; got ${target}`);
    this.rnn = createKernel(config, false);
    this.bits = config.bits;
    this.operandValues = operandLimit(config.bits);
    this.pairs = evaluationPairs(config.bits);
    this.needed = pairsNeeded(target, this.pairs);
  }

  /** Whether the exact accuracy of `weights` reaches the target: the same answer as `evaluate(…).exact >= target`. */
  check(weights: Weights): TargetCheck {
    loadParams(this.rnn.params, requireValidWeights(weights, this.config));
    return this.checkLoaded();
  }

  /**
   * As check, for a training loop's own parameters (its parameterView), which
   * are valid and laid out as this check's: copied in one block, not
   * validated, so a check every K iterations costs only its passes.
   */
  checkParams(params: Readonly<FlatParams>): TargetCheck {
    const own = this.rnn.params.flat;
    if (params.flat.length !== own.length) throw new RangeError(`the stop rule's network has ${own.length} parameters; got ${params.flat.length}`);
    own.set(params.flat);
    return this.checkLoaded();
  }

  /** Gives back the check's network; it must not be used after. */
  dispose(): void {
    this.rnn.dispose();
  }

  private checkLoaded(): TargetCheck {
    this.rnn.loadWeights();
    return evaluatesAllPairs(this.bits) ? this.checkAllPairs() : this.checkSample();
  }

  /** Every pair is evaluated: forward passes in a scattered order, then the full walk if still open. */
  private checkAllPairs(): TargetCheck {
    // Three phases, each a method of its own: they become hot at different times, and apart each compiles small.
    if (this.wrongAgain()) return { reached: false, scored: null };
    const scattered = this.scatteredPasses();
    if (scattered !== null) return { reached: scattered, scored: null };
    const scored = this.walkAll();
    return { reached: scored.exact >= this.target, scored };
  }

  /** More of the remembered wrong pairs still wrong than the target allows. Right ones prove nothing here, as these pairs are not a fair sample. */
  private wrongAgain(): boolean {
    const limit = this.operandValues;
    const allowedWrong = this.pairs - this.needed;
    let wrong = 0;
    for (const index of this.wrongBefore) {
      if (!this.correct(Math.floor(index / limit), index % limit) && ++wrong > allowedWrong) return true;
    }
    return false;
  }

  /** Forward passes in the scattered order, going on where the last check stopped: the answer once certain, null if still open. */
  private scatteredPasses(): boolean | null {
    const { pairs, needed } = this;
    const limit = this.operandValues;
    const allowedWrong = pairs - needed;
    const tries = Math.min(pairs, Math.max(1, Math.ceil(pairs * FORWARD_SHARE)));
    let right = 0, wrong = 0;
    for (let i = 0; i < tries; i++) {
      const index = (this.cursor++ * ORDER_STEP) % pairs;
      if (this.cursor === pairs) this.cursor = 0;
      if (this.correct(Math.floor(index / limit), index % limit)) {
        if (++right >= needed) return true;
      } else if (++wrong > allowedWrong) {
        this.remember(index);
        return false;
      }
    }
    return null;
  }

  /** The walk evaluate() makes, counted as it counts (a pair is right when all its bits are); its wrong pairs are tried first next time. */
  private walkAll(): { exact: number; bit: number; pairs: number } {
    const { pairs, bits } = this;
    const { rightBits } = scoreKernel(this.rnn, this.config);
    const { exact, bitsRight } = this.tally(rightBits);
    return { exact: exact / pairs, bit: bitsRight / (pairs * bits), pairs };
  }

  /**
   * Pairs with every bit right, and right bits, over all pairs; remembers the first wrong pairs.
   * A function of its own so that the code compiled while the first walk runs ends with the loop:
   * the divisions after it, not yet run then, would otherwise throw that code away at every walk.
   */
  private tally(rightBits: Uint8Array): { exact: number; bitsRight: number } {
    const { pairs, bits } = this;
    this.wrongBefore.length = 0;
    let exact = 0, bitsRight = 0;
    for (let index = 0; index < pairs; index++) {
      const right = rightBits[index]!;
      bitsRight += right;
      if (right === bits) exact++;
      else if (this.wrongBefore.length < REMEMBERED_WRONG) this.wrongBefore.push(index);
    }
    return { exact, bitsRight };
  }

  private remember(index: number): void {
    if (this.wrongBefore.includes(index)) return;
    if (this.wrongBefore.length >= REMEMBERED_WRONG) this.wrongBefore.shift();
    this.wrongBefore.push(index);
  }

  /** A fixed sample is evaluated, by forward passes anyway: count until the answer is certain. */
  private checkSample(): TargetCheck {
    const { a, b } = samplePairs(this.config.bits);
    const allowedWrong = this.pairs - this.needed;
    let right = 0, wrong = 0;
    for (let i = 0; i < this.pairs; i++) {
      if (this.correct(a[i]!, b[i]!)) {
        if (++right >= this.needed) return { reached: true, scored: null };
      } else if (++wrong > allowedWrong) return { reached: false, scored: null };
    }
    return { reached: right >= this.needed, scored: null };
  }

  /** Every output bit of the pair's forward pass is right. */
  private correct(a: number, b: number): boolean {
    const rnn = this.rnn;
    rnn.forward(a, b);
    const c = a + b;
    for (let t = 0; t < rnn.L; t++) if ((rnn.o[t]! > 0.5 ? 1 : 0) !== bitAt(c, t)) return false;
    return true;
  }
}
