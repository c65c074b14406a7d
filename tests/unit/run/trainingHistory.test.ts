import { describe, expect, it } from 'vitest';
import { TrainingHistory, type ProgressMessage } from '@shared/run/curves/trainingHistory';
import { emaSmooth } from '@shared/run/curves/smoothing';

function progress(firstIteration: number, losses: number[] | Float64Array, extra: Partial<ProgressMessage> = {}): ProgressMessage {
  const array = losses instanceof Float64Array ? losses : Float64Array.from(losses);
  return {
    type: 'progress',
    state: 'running',
    firstIteration,
    losses: array,
    iteration: firstIteration + array.length,
    itersPerSecond: 1000,
    elapsedSeconds: 1,
    gradNorms: {},
    learningRate: 0.1,
    ...extra,
  };
}

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe('TrainingHistory', () => {
  it('appends losses across messages at consecutive iterations', () => {
    const h = new TrainingHistory();
    h.append(progress(0, [3, 2.5, 2]));
    h.append(progress(3, [1.5, 1]));
    expect(h.iterations).toBe(5);
    expect(h.lossCount).toBe(5);
    expect(h.lastLoss).toBe(1);
    const view = h.lossView(null, null, 100);
    expect(view.raw.map((p) => [p.x, p.y])).toEqual([[1, 3], [2, 2.5], [3, 2], [4, 1.5], [5, 1]]);
  });

  it('records accuracy, gradient norms per weight and learning-rate changes', () => {
    const h = new TrainingHistory();
    h.append(progress(0, [1, 1], { accuracy: { iteration: 2, exact: 0.25, bit: 0.75, pairs: 16384 }, gradNorms: { U: 0.5, V: 0.25, W: 2 } }));
    h.append(progress(2, [1, 1], { gradNorms: { U: 0.4, V: 0.2, W: 1 }, learningRate: 0.05 }));
    const accuracy = h.accuracyView(100);
    expect(accuracy.exact).toEqual([{ x: 2, y: 25 }]);
    expect(accuracy.bit).toEqual([{ x: 2, y: 75 }]);
    const norms = h.gradNormView(100);
    expect(norms.map((n) => n.name)).toEqual(['U', 'V', 'W']);
    expect(norms[2]!.points).toEqual([{ x: 2, y: 2 }, { x: 4, y: 1 }]);
    expect(h.learningRateMarks()).toEqual([{ iteration: 0, learningRate: 0.1 }, { iteration: 2, learningRate: 0.05 }]);
  });

  it('plots every evaluation a message carries, the earlier ones first', () => {
    const h = new TrainingHistory();
    const at = (iteration: number, exact: number) => ({ iteration, exact, bit: exact, pairs: 4 });
    h.append(progress(0, [1, 1, 1, 1, 1, 1], { earlierAccuracy: [at(2, 0.25), at(4, 0.5)], accuracy: at(6, 0.75) }));
    expect(h.accuracyView(100).exact).toEqual([{ x: 2, y: 25 }, { x: 4, y: 50 }, { x: 6, y: 75 }]);
  });

  it('keeps an explicit learning-rate mark and does not repeat it, even when a stale message follows', () => {
    const h = new TrainingHistory();
    h.append(progress(0, [1, 1]));
    h.markLearningRate(2, 0.5);
    h.append(progress(2, [1, 1])); // sent before the trainer saw the change
    h.append(progress(4, [1, 1], { learningRate: 0.5 }));
    expect(h.learningRateMarks()).toEqual([{ iteration: 0, learningRate: 0.1 }, { iteration: 2, learningRate: 0.5 }]);
  });

  it('holds 1 000 000 iterations in under 10 MB', () => {
    const h = new TrainingHistory();
    const chunk = new Float64Array(2000);
    for (let first = 0; first < 1_000_000; first += chunk.length) {
      for (let i = 0; i < chunk.length; i++) chunk[i] = 1 + Math.sin((first + i) / 1000);
      h.append(progress(first, chunk, { gradNorms: { U: 1, V: 1, W: 1 } }));
    }
    expect(h.iterations).toBe(1_000_000);
    expect(h.byteLength).toBeLessThan(10 * 1024 * 1024);
    const view = h.lossView(null, null, 1000);
    expect(view.raw.length).toBeLessThanOrEqual(2000);
    expect(view.smoothed.length).toBeLessThanOrEqual(2000);
  });

  it("decimated view keeps every bucket's minimum and maximum, with their iterations", () => {
    const h = new TrainingHistory();
    const n = 100_000;
    const losses = new Float64Array(n);
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      losses[i] = seed / 2147483648;
    }
    losses[31_337] = 9; // a single spike must survive decimation
    losses[77_777] = -3;
    h.append(progress(0, losses));
    const buckets = 300;
    const view = h.lossView(null, null, buckets);
    expect(view.raw.length).toBeLessThanOrEqual(2 * buckets);
    const f32 = Float32Array.from(losses);
    expect(view.raw.some((p) => p.x === 31_338 && p.y === 9)).toBe(true);
    expect(view.raw.some((p) => p.x === 77_778 && p.y === -3)).toBe(true);
    // Straightforward min/max per bucket.
    for (let k = 0; k < buckets; k++) {
      const start = Math.floor((k * n) / buckets);
      const end = Math.floor(((k + 1) * n) / buckets);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = start; i < end; i++) {
        lo = Math.min(lo, f32[i]!);
        hi = Math.max(hi, f32[i]!);
      }
      const inBucket = view.raw.filter((p) => p.x > start && p.x <= end).map((p) => p.y);
      expect(Math.min(...inBucket)).toBe(lo);
      expect(Math.max(...inBucket)).toBe(hi);
    }
    for (let i = 1; i < view.raw.length; i++) expect(view.raw[i]!.x).toBeGreaterThan(view.raw[i - 1]!.x);
  });

  it('zoomed view covers only the range plus one point beyond each edge', () => {
    const h = new TrainingHistory();
    h.append(progress(0, Array.from({ length: 1000 }, (_, i) => i)));
    const view = h.lossView(100, 200, 500);
    expect(view.raw[0]!.x).toBe(99);
    expect(view.raw.at(-1)!.x).toBe(201);
  });

  it('smooths with an EMA whose bias correction makes the first value exact', () => {
    const h = new TrainingHistory();
    const losses = [4, 2, 3, 1, 5, 0.5, 2];
    h.append(progress(0, losses));
    const smoothed = h.lossView(null, null, 100).smoothed.map((p) => p.y);
    // TensorBoard's formula written out directly.
    let last = 0;
    const expected = losses.map((v, k) => {
      last = last * 0.9 + 0.1 * v;
      return last / (1 - 0.9 ** (k + 1));
    });
    expect(smoothed[0]).toBe(4);
    smoothed.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    h.smoothing = 0;
    expect(h.lossView(null, null, 100).smoothed.map((p) => p.y)).toEqual(losses);
    h.smoothing = 5;
    expect(h.smoothing).toBe(0.99);
  });

  it('smooths the same whether the curve is read after every message or only at the end, through compaction, overlap and a new factor', () => {
    const eager = new TrainingHistory(64);
    const lazy = new TrainingHistory(64);
    let seed = 3;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4;
    const messages = [
      progress(0, Array.from({ length: 50 }, next)),
      progress(50, Array.from({ length: 90 }, next)),
      // Restarts from an earlier iteration (a replaced run's overlap): the smoothed tail is recomputed.
      progress(120, Array.from({ length: 30 }, next)),
      progress(150, [next(), NaN, next()]),
    ];
    for (const m of messages) {
      eager.append(m);
      lazy.append(m);
      eager.lossView(null, null, 1000);
    }
    const smoothed = (h: TrainingHistory) => h.lossView(null, null, 1000).smoothed.map((p) => [p.x, p.y]);
    expect(smoothed(lazy)).toEqual(smoothed(eager));
    expect(lazy.toCsv()).toBe(eager.toCsv());
    eager.smoothing = 0.5;
    eager.lossView(null, null, 1000);
    eager.append(progress(153, [1, 2]));
    lazy.smoothing = 0.5;
    lazy.append(progress(153, [1, 2]));
    expect(smoothed(lazy)).toEqual(smoothed(eager));
  });

  it('emaSmooth keeps a constant series constant and passes NaN through', () => {
    const out = emaSmooth([2, 2, 2, NaN, 2], 0.95);
    expect(Array.from(out.subarray(0, 3))).toEqual([2, 2, 2].map((v) => expect.closeTo(v, 12)));
    expect(Number.isNaN(out[3]!)).toBe(true);
    expect(out[4]).toBeCloseTo(2, 12);
  });

  it('writes every curve as CSV, one row per iteration', () => {
    const h = new TrainingHistory();
    h.smoothing = 0;
    h.append(progress(0, [0.5, 0.25], { accuracy: { iteration: 2, exact: 0.5, bit: 0.875, pairs: 4 }, gradNorms: { U: 1.5, V: 0.125, W: 3 } }));
    h.markLearningRate(2, 0.2);
    h.append(progress(2, [0.125], { learningRate: 0.2 }));
    const { header, rows } = parseCsv(h.toCsv());
    expect(header).toEqual(['iteration', 'loss', 'loss_smoothed', 'exact_accuracy', 'bit_accuracy', 'learning_rate', 'grad_norm_U', 'grad_norm_V', 'grad_norm_W']);
    expect(rows).toEqual([
      ['0', '', '', '', '', '0.1', '', '', ''],
      ['1', '0.5', '0.5', '', '', '', '', '', ''],
      ['2', '0.25', '0.25', '0.5', '0.875', '0.2', '1.5', '0.125', '3'],
      ['3', '0.125', '0.125', '', '', '', '', '', ''],
    ]);
  });

  it('writes a long run decimated to 1 000 loss rows by default, every iteration when asked', () => {
    const h = new TrainingHistory();
    const losses = Array.from({ length: 631_495 }, (_, i) => 4 / (1 + i / 1000));
    h.append(progress(0, losses, { gradNorms: { U: 1, V: 2, W: 3 } }));
    const decimated = parseCsv(h.toCsv());
    expect(decimated.header.slice(0, 3)).toEqual(['iteration', 'loss_mean', 'loss_smoothed']);
    const lossRows = decimated.rows.filter((r) => r[1] !== '');
    expect(lossRows.length).toBeLessThanOrEqual(1000);
    expect(lossRows.length).toBeGreaterThan(500);
    expect(lossRows.at(-1)![0]).toBe('631495');
    // Each row is the mean of its stretch of iterations.
    const stride = Number(lossRows[1]![0]) - Number(lossRows[0]![0]);
    const mean = losses.slice(stride, 2 * stride).reduce((a, b) => a + b, 0) / stride;
    expect(Number(lossRows[1]![1])).toBeCloseTo(mean, 5);
    const full = h.toCsv({ lossRows: null });
    expect(full.split('\n').filter((line) => line !== '').length).toBe(631_495 + 1 + 1);
    expect(full.length).toBeGreaterThan(50 * h.toCsv().length);
  });

  it('loads a decimated history and continues it with per-iteration losses', () => {
    const h = new TrainingHistory();
    h.load({ stride: 4, values: Float64Array.from([8, 6, 4]) }, 10);
    expect(h.iterations).toBe(10);
    expect(h.lossView(null, null, 100).raw.map((p) => [p.x, p.y])).toEqual([[4, 8], [8, 6], [10, 4]]);
    h.append(progress(10, [2, 1]));
    expect(h.iterations).toBe(12);
    expect(h.lossView(null, null, 100).raw.map((p) => p.x)).toEqual([4, 8, 10, 11, 12]);
    const { rows } = parseCsv(h.toCsv());
    expect(rows.map((r) => r[0])).toEqual(['4', '8', '10', '11', '12']);
    expect(() => h.load({ stride: 0, values: new Float64Array(1) }, 1)).toThrow(/stride must be a positive integer; got 0/);
  });

  it('drops overlapping iterations when a message restarts from an earlier point', () => {
    const h = new TrainingHistory();
    h.append(progress(0, [5, 4, 3, 2], { accuracy: { iteration: 4, exact: 1, bit: 1, pairs: 4 } }));
    h.append(progress(2, [9]));
    expect(h.iterations).toBe(3);
    expect(h.lossView(null, null, 100).raw.map((p) => p.y)).toEqual([5, 4, 9]);
    expect(h.accuracyCount).toBe(0);
  });

  it('reset forgets every curve and frees the memory', () => {
    const h = new TrainingHistory();
    h.append(progress(0, new Float64Array(100_000), { accuracy: { iteration: 1, exact: 1, bit: 1, pairs: 1 }, gradNorms: { U: 1 } }));
    const big = h.byteLength;
    h.reset();
    expect(h.iterations).toBe(0);
    expect(h.lossCount).toBe(0);
    expect(h.accuracyCount).toBe(0);
    expect(h.gradNormCount).toBe(0);
    expect(h.learningRateMarks()).toEqual([]);
    expect(h.lossView(null, null, 10).raw).toEqual([]);
    expect(h.byteLength).toBeLessThan(big / 10);
  });
});
