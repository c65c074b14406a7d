/**
 * The whole run's curves — loss per iteration, accuracy per evaluation,
 * gradient norms, learning-rate changes — in growable typed arrays, with
 * cheap decimated views for the charts. A million iterations take about 9 MB.
 */

import { compactHistory, LossHistoryBuilder } from '../../model-file/history';
import type { LossHistory } from '../../model-file/model';
import { WEIGHT_NAMES, type WeightName } from '../../rnn/weights';
import type { FromTrainer } from '../../trainer/contract';
import { decimateColumn, decimateMinMax, lowerBound, PointBuffer, upperBound, type Point } from './decimate';
import { writeCsv, type CsvGroup } from './historyCsv';
import { GrowableFloat64, MinMaxSeries } from './series';
import { clampSmoothing, DEFAULT_SMOOTHING, Ema } from './smoothing';

export type ProgressMessage = Extract<FromTrainer, { type: 'progress' }>;

/** Weight names in the order their gradient norms are stored. */
export const GRAD_NORM_NAMES: readonly WeightName[] = WEIGHT_NAMES;

export interface LossView {
  raw: Point[];
  smoothed: Point[];
}

/** The curves measured now and then (not every iteration), as a model file's run section keeps them. */
export interface SparseCurves {
  accuracy: { iterations: Float64Array; exact: Float64Array; bit: Float64Array };
  gradNorms: { iterations: Float64Array; norms: Partial<Record<WeightName, Float64Array>> };
}

export interface LearningRateMark {
  iteration: number;
  learningRate: number;
}

/** A gap in the iterations larger than this restarts the curve instead of being padded. */
const MAX_PADDED_GAP = 4096;

export class TrainingHistory {
  /** Loss values; x of point i is xAt(i) (iterations done after it). */
  private readonly loss = new MinMaxSeries();
  /** The EMA of the first smoothed.length losses, `ema` holding its state; brought up to date when read (smoothedCurve), so a run nobody charts never pays for it. */
  private readonly smoothed = new MinMaxSeries();
  private ema = new Ema(DEFAULT_SMOOTHING);
  private smoothingWeight = DEFAULT_SMOOTHING;
  /** A loaded, decimated history occupies the first loadedCount points, each covering loadedStride iterations. */
  private loadedCount = 0;
  private loadedStride = 1;
  private loadedIterations = 0;
  /** Iterations done before the first per-iteration point. */
  private liveStart = 0;
  private lastReportedRate: number | null = null;

  private readonly accuracyAt = new GrowableFloat64(64);
  private readonly exact = new GrowableFloat64(64);
  private readonly bit = new GrowableFloat64(64);
  private readonly gradAt = new GrowableFloat64(64);
  /** GRAD_NORM_NAMES.length values per point, NaN where a weight is absent. */
  private readonly gradNorms = new GrowableFloat64(64 * GRAD_NORM_NAMES.length);
  private readonly rateAt = new GrowableFloat64(16);
  private readonly rates = new GrowableFloat64(16);

  private readonly rawView = new PointBuffer();
  private readonly smoothedView = new PointBuffer();
  private readonly exactView = new PointBuffer();
  private readonly bitView = new PointBuffer();
  private readonly gradViews = GRAD_NORM_NAMES.map(() => new PointBuffer());

  /**
   * @param maxLossPoints loss points kept at most: beyond, the curve is
   * compacted to half as many means of equal strides (a run of a billion
   * iterations keeps its shape in bounded memory, with less detail).
   */
  constructor(private readonly maxLossPoints = 1 << 22) {
    if (!Number.isInteger(maxLossPoints) || maxLossPoints < 4) throw new RangeError(`maxLossPoints must be a whole number of at least 4; got ${maxLossPoints}`);
  }

  /** The iteration count reached after loss point i. */
  readonly xAt = (i: number): number =>
    i < this.loadedCount ? Math.min((i + 1) * this.loadedStride, this.loadedIterations) : this.liveStart + (i - this.loadedCount) + 1;

  /** Iterations the history covers. */
  get iterations(): number {
    return this.loss.length > 0 ? this.xAt(this.loss.length - 1) : this.liveStart;
  }

  /** Loss points held (iterations, or fewer for a loaded decimated history). */
  get lossCount(): number {
    return this.loss.length;
  }

  get lastLoss(): number | null {
    return this.loss.length > 0 ? this.loss.at(this.loss.length - 1) : null;
  }

  get accuracyCount(): number {
    return this.accuracyAt.length;
  }

  /** The last evaluation, or null before any. */
  latestAccuracy(): { iteration: number; exact: number; bit: number } | null {
    const n = this.accuracyAt.length;
    return n > 0 ? { iteration: this.accuracyAt.at(n - 1), exact: this.exact.at(n - 1), bit: this.bit.at(n - 1) } : null;
  }

  get gradNormCount(): number {
    return this.gradAt.length;
  }

  /** Bytes held by every typed array (the memory the run costs). */
  get byteLength(): number {
    const columns = [this.accuracyAt, this.exact, this.bit, this.gradAt, this.gradNorms, this.rateAt, this.rates];
    return this.loss.byteLength + this.smoothed.byteLength + columns.reduce((sum, c) => sum + c.byteLength, 0);
  }

  get smoothing(): number {
    return this.smoothingWeight;
  }

  /** Sets the EMA factor (0 … 0.99) and recomputes the smoothed curve. */
  set smoothing(weight: number) {
    const w = clampSmoothing(weight);
    if (w === this.smoothingWeight) return;
    this.smoothingWeight = w;
    this.ema = new Ema(w);
    this.smoothed.truncate(0);
  }

  /** Adds one progress message's losses, accuracy, gradient norms and learning rate. */
  append(msg: ProgressMessage): void {
    this.alignTo(msg.firstIteration);
    const losses = msg.losses;
    for (let i = 0; i < losses.length; i++) this.pushLoss(losses[i]!);
    this.appendSparse(msg);
  }

  /** Adds one progress message's accuracy, gradient norms and learning rate, but not its losses (a run whose loss curve nobody charts). */
  appendSparse(msg: ProgressMessage): void {
    for (const accuracy of [...(msg.earlierAccuracy ?? []), ...(msg.accuracy ? [msg.accuracy] : [])]) {
      this.dropSparseAfter(accuracy.iteration - 1, this.accuracyAt, [this.exact, this.bit], 1);
      this.accuracyAt.push(accuracy.iteration);
      this.exact.push(accuracy.exact);
      this.bit.push(accuracy.bit);
    }
    const norms = GRAD_NORM_NAMES.map((name) => msg.gradNorms[name] ?? NaN);
    if (norms.some(Number.isFinite)) {
      this.dropSparseAfter(msg.iteration - 1, this.gradAt, [this.gradNorms], GRAD_NORM_NAMES.length);
      this.gradAt.push(msg.iteration);
      for (const norm of norms) this.gradNorms.push(norm);
    }
    // Only a change between messages is a change: a mark the studio already set is not repeated.
    if (this.lastReportedRate !== msg.learningRate) this.markLearningRate(msg.firstIteration, msg.learningRate);
    this.lastReportedRate = msg.learningRate;
  }

  /** Records that the learning rate is `learningRate` from `iteration` on. */
  markLearningRate(iteration: number, learningRate: number): void {
    const n = this.rates.length;
    if (n > 0 && this.rates.at(n - 1) === learningRate) return;
    const at = n > 0 ? Math.max(iteration, this.rateAt.at(n - 1)) : iteration;
    if (n > 0 && this.rateAt.at(n - 1) === at) {
      this.rateAt.truncate(n - 1);
      this.rates.truncate(n - 1);
    }
    this.rateAt.push(at);
    this.rates.push(learningRate);
  }

  learningRateMarks(): LearningRateMark[] {
    const marks: LearningRateMark[] = [];
    for (let i = 0; i < this.rates.length; i++) marks.push({ iteration: this.rateAt.at(i), learningRate: this.rates.at(i) });
    return marks;
  }

  /** Forgets everything (a new run) and releases the memory. */
  reset(): void {
    this.loss.shrink();
    this.smoothed.shrink();
    this.ema = new Ema(this.smoothingWeight);
    this.loadedCount = 0;
    this.loadedStride = 1;
    this.loadedIterations = 0;
    this.liveStart = 0;
    this.lastReportedRate = null;
    for (const column of [this.accuracyAt, this.exact, this.bit, this.gradAt, this.gradNorms, this.rateAt, this.rates]) column.shrink();
  }

  /** Replaces the history with a loaded model's decimated loss curve covering `iterations` iterations. */
  load(lossHistory: LossHistory, iterations: number): void {
    const { stride, values } = lossHistory;
    if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`the loss history's stride must be a positive integer; got ${stride}`);
    this.reset();
    const n = values.length;
    this.loadedStride = stride;
    this.loadedCount = n;
    // The last point may cover a partial stride; the positions must still increase.
    this.loadedIterations = n > 0 ? Math.max(iterations, (n - 1) * stride + 1) : Math.max(0, iterations);
    this.liveStart = this.loadedIterations;
    for (let i = 0; i < n; i++) this.pushLoss(values[i]!);
  }

  /** The accuracy and gradient-norm curves as held (copies): what a model file's run section keeps. */
  sparseCurves(): SparseCurves {
    const stride = GRAD_NORM_NAMES.length;
    const all = this.gradNorms.toArray();
    const norms: Partial<Record<WeightName, Float64Array>> = {};
    for (const name of this.gradNormNames()) {
      const k = GRAD_NORM_NAMES.indexOf(name);
      norms[name] = Float64Array.from({ length: this.gradAt.length }, (_, i) => all[i * stride + k]!);
    }
    return {
      accuracy: { iterations: this.accuracyAt.toArray(), exact: this.exact.toArray(), bit: this.bit.toArray() },
      gradNorms: { iterations: this.gradAt.toArray(), norms },
    };
  }

  /** Puts back the accuracy and gradient-norm curves of a saved run (after load, before any progress). */
  loadSparse(curves: SparseCurves): void {
    for (const column of [this.accuracyAt, this.exact, this.bit, this.gradAt, this.gradNorms]) column.clear();
    const { accuracy, gradNorms } = curves;
    for (let i = 0; i < accuracy.iterations.length; i++) {
      this.accuracyAt.push(accuracy.iterations[i]!);
      this.exact.push(accuracy.exact[i]!);
      this.bit.push(accuracy.bit[i]!);
    }
    for (let i = 0; i < gradNorms.iterations.length; i++) {
      this.gradAt.push(gradNorms.iterations[i]!);
      for (const name of GRAD_NORM_NAMES) this.gradNorms.push(gradNorms.norms[name]?.[i] ?? NaN);
    }
  }

  /** Loss rows a CSV holds unless every iteration is asked for. */
  static readonly CSV_LOSS_ROWS = 1000;

  /**
   * Every curve as one CSV table, one row per iteration that has a value.
   * The loss is decimated to at most `lossRows` rows (each the mean loss of
   * the stretch of iterations ending at its row's iteration, the smoothed
   * curve as it stood there); `lossRows: null` keeps one row per iteration.
   */
  toCsv(options: { lossRows?: number | null } = {}): string {
    const stride = GRAD_NORM_NAMES.length;
    const smoothed = this.smoothedCurve();
    const lossRows = options.lossRows === undefined ? TrainingHistory.CSV_LOSS_ROWS : options.lossRows;
    const groups: CsvGroup[] = [
      lossRows === null || this.loss.length <= lossRows
        ? {
            count: this.loss.length,
            iterationAt: this.xAt,
            columns: [
              { name: 'loss', valueAt: (i) => this.loss.at(i), precision: 7 },
              { name: 'loss_smoothed', valueAt: (i) => smoothed.at(i), precision: 7 },
            ],
          }
        : this.decimatedLossGroup(lossRows, smoothed),
      {
        count: this.accuracyAt.length,
        iterationAt: (i) => this.accuracyAt.at(i),
        columns: [
          { name: 'exact_accuracy', valueAt: (i) => this.exact.at(i) },
          { name: 'bit_accuracy', valueAt: (i) => this.bit.at(i) },
        ],
      },
      { count: this.rates.length, iterationAt: (i) => this.rateAt.at(i), columns: [{ name: 'learning_rate', valueAt: (i) => this.rates.at(i) }] },
      {
        count: this.gradAt.length,
        iterationAt: (i) => this.gradAt.at(i),
        columns: this.gradNormNames().map((name) => {
          const k = GRAD_NORM_NAMES.indexOf(name);
          return { name: `grad_norm_${name}`, valueAt: (i: number) => this.gradNorms.at(i * stride + k) };
        }),
      },
    ];
    return writeCsv(groups);
  }

  /** The loss as at most `rows` means of equal strides, for a CSV: each row at the last iteration of its stride. */
  private decimatedLossGroup(rows: number, smoothed: MinMaxSeries): CsvGroup {
    const { stride, values } = this.foldedLoss(rows);
    const first = this.xAt(0) - 1, last = this.iterations;
    const iterationAt = (i: number) => Math.min(first + (i + 1) * stride, last);
    const n = this.loss.length;
    return {
      count: values.length,
      iterationAt,
      columns: [
        { name: 'loss_mean', valueAt: (i) => values[i]!, precision: 7 },
        { name: 'loss_smoothed', valueAt: (i) => smoothed.at(Math.max(0, upperBound(n, this.xAt, iterationAt(i)) - 1)), precision: 7 },
      ],
    };
  }

  /** First and last iteration of the loss curve, or null when empty. */
  lossExtent(): [number, number] | null {
    return this.loss.length > 0 ? [this.xAt(0), this.xAt(this.loss.length - 1)] : null;
  }

  /**
   * The loss curves between iterations xMin and xMax (the whole run when
   * null), reduced to the minimum and maximum of `buckets` ranges. The arrays
   * and their point objects are reused by the next call.
   */
  lossView(xMin: number | null, xMax: number | null, buckets: number): LossView {
    const n = this.loss.length;
    // One point beyond each edge so the line reaches the edges of a zoomed chart.
    const from = xMin === null ? 0 : Math.max(0, lowerBound(n, this.xAt, xMin) - 1);
    const to = xMax === null ? n : Math.min(n, upperBound(n, this.xAt, xMax) + 1);
    decimateMinMax(this.loss, from, to, buckets, this.xAt, this.rawView);
    decimateMinMax(this.smoothedCurve(), from, to, buckets, this.xAt, this.smoothedView);
    return { raw: this.rawView.points, smoothed: this.smoothedView.points };
  }

  /** Exact and per-bit accuracy in percent at each evaluation. */
  accuracyView(buckets: number): { exact: Point[]; bit: Point[] } {
    const at = (i: number) => this.accuracyAt.at(i);
    decimateColumn(this.accuracyAt.length, at, (i) => 100 * this.exact.at(i), buckets, this.exactView);
    decimateColumn(this.accuracyAt.length, at, (i) => 100 * this.bit.at(i), buckets, this.bitView);
    return { exact: this.exactView.points, bit: this.bitView.points };
  }

  /** Weights with at least one gradient norm recorded, in canonical order. */
  gradNormNames(): WeightName[] {
    const stride = GRAD_NORM_NAMES.length;
    return GRAD_NORM_NAMES.filter((_, k) => {
      for (let i = 0; i < this.gradAt.length; i++) if (!Number.isNaN(this.gradNorms.at(i * stride + k))) return true;
      return false;
    });
  }

  /** Gradient norm curves of the weights that have any. */
  gradNormView(buckets: number): { name: WeightName; points: Point[] }[] {
    const stride = GRAD_NORM_NAMES.length;
    const at = (i: number) => this.gradAt.at(i);
    return this.gradNormNames().map((name) => {
      const k = GRAD_NORM_NAMES.indexOf(name);
      const view = this.gradViews[k]!;
      decimateColumn(this.gradAt.length, at, (i) => this.gradNorms.at(i * stride + k), buckets, view);
      return { name, points: view.points };
    });
  }

  private pushLoss(value: number): void {
    if (this.loss.length >= this.maxLossPoints) this.compact();
    this.loss.push(value);
  }

  /** The smoothed curve, brought up to the last loss. */
  private smoothedCurve(): MinMaxSeries {
    for (let i = this.smoothed.length; i < this.loss.length; i++) this.smoothed.push(this.ema.next(this.loss.at(i)));
    return this.smoothed;
  }

  /**
   * The loss curve as at most `maxPoints` means of equal strides over every
   * iteration covered. Iterations whose losses never arrived take the mean before them.
   */
  private foldedLoss(maxPoints: number): LossHistory {
    let seed: { history: LossHistory; iterations: number } | undefined;
    if (this.loadedCount > 0) {
      const values = new Float64Array(this.loadedCount);
      for (let i = 0; i < values.length; i++) values[i] = this.loss.at(i);
      seed = { history: compactHistory({ stride: this.loadedStride, values: finiteOrPrevious(values) }, this.loadedIterations, maxPoints), iterations: this.loadedIterations };
    }
    const builder = new LossHistoryBuilder(maxPoints, seed);
    let previous = this.loadedCount > 0 ? this.loss.at(this.loadedCount - 1) : 0;
    const live = new Float64Array(this.loss.length - this.loadedCount);
    for (let i = 0; i < live.length; i++) {
      const value = this.loss.at(this.loadedCount + i);
      if (Number.isFinite(value)) previous = value;
      live[i] = previous;
    }
    builder.add(live);
    return builder.toHistory();
  }

  /** Folds every loss point into a decimated prefix of half the cap; the sparse curves stay as they are. */
  private compact(): void {
    const iterations = this.iterations;
    const history = this.foldedLoss(Math.floor(this.maxLossPoints / 2));
    this.loss.shrink();
    this.smoothed.shrink();
    this.ema = new Ema(this.smoothingWeight);
    this.loadedStride = history.stride;
    this.loadedCount = history.values.length;
    this.loadedIterations = iterations;
    this.liveStart = iterations;
    for (const value of history.values) this.loss.push(value);
  }

  /** Makes the next loss point the one after `firstIteration` iterations: drops overlap, pads a short gap. */
  private alignTo(firstIteration: number): void {
    const done = this.iterations;
    if (firstIteration === done) return;
    if (firstIteration < done) {
      const keep = lowerBound(this.loss.length, this.xAt, firstIteration + 1);
      this.truncateLoss(keep);
      if (keep <= this.loadedCount) {
        this.loadedCount = keep;
        this.loadedIterations = keep > 0 ? this.xAt(keep - 1) : 0;
        this.liveStart = firstIteration;
      }
      this.dropSparseAfter(firstIteration, this.accuracyAt, [this.exact, this.bit], 1);
      this.dropSparseAfter(firstIteration, this.gradAt, [this.gradNorms], GRAD_NORM_NAMES.length);
      this.dropSparseAfter(firstIteration, this.rateAt, [this.rates], 1);
      return;
    }
    if (this.loss.length === this.loadedCount || firstIteration - done > MAX_PADDED_GAP) {
      if (this.loss.length > this.loadedCount) this.reset();
      this.liveStart = firstIteration;
      return;
    }
    // NaN points are drawn as a gap: iterations whose losses never arrived.
    for (let i = done; i < firstIteration; i++) this.pushLoss(NaN);
  }

  private truncateLoss(n: number): void {
    this.loss.truncate(n);
    if (this.smoothed.length <= n) return;
    this.smoothed.truncate(n);
    this.ema = new Ema(this.smoothingWeight);
    for (let i = 0; i < n; i++) this.ema.next(this.loss.at(i));
  }

  /** Drops the entries of a sparse curve measured after `iteration`. */
  private dropSparseAfter(iteration: number, at: GrowableFloat64, values: GrowableFloat64[], width: number): void {
    let n = at.length;
    while (n > 0 && at.at(n - 1) > iteration) n--;
    if (n === at.length) return;
    at.truncate(n);
    for (const column of values) column.truncate(n * width);
  }
}

/** The values with each non-finite one replaced by the one before it (0 at the start). */
function finiteOrPrevious(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) values[i] = i > 0 ? values[i - 1]! : 0;
  return values;
}
