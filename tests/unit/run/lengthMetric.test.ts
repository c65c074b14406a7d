import { describe, expect, it } from 'vitest';
import { evaluateAtLength } from '@shared/rnn/lengths';
import { accuracyAtLengthOf, meanAccuracyAtLength, measureAccuracyAtLength, runLengthCurves, unmeasuredAt } from '@shared/run/library/lengthMetric';
import { parseRunEntry, serializeRunEntry } from '@shared/run/library/runEntry';
import { runColumns, runsCsv } from '@shared/run/library/runsTable';
import { trainedEntry } from './trainedEntry';

describe('the accuracy at a longer length, as a run metric', () => {
  it('is kept in the entry and survives its text; runs kept without it read as unmeasured', async () => {
    const plain = await trainedEntry('p', { iterations: 300 });
    expect(plain.accuracyAtLength).toBeNull();
    const measured = { ...plain, accuracyAtLength: measureAccuracyAtLength(plain.model.weights, plain.model.config, 16) };
    expect(measured.accuracyAtLength).toEqual({ bits: 16, exact: evaluateAtLength(plain.model.weights, plain.model.config, 16).exact });
    expect(parseRunEntry(serializeRunEntry(measured))).toEqual(measured);
    const older = serializeRunEntry(plain).replace('"accuracyAtLength":null,', '');
    expect(older).not.toContain('accuracyAtLength');
    expect(parseRunEntry(older).accuracyAtLength).toBeNull();
  });

  it('refuses a damaged value with one line', async () => {
    const text = serializeRunEntry({ ...(await trainedEntry('d', { iterations: 200 })), accuracyAtLength: { bits: 16, exact: 0.5 } });
    expect(() => parseRunEntry(text.replace('"bits":16', '"bits":65'))).toThrow('accuracyAtLength bits: Bits must be a whole number from 2 to 64; got 65');
    expect(() => parseRunEntry(text.replace('"exact":0.5', '"exact":1.5'))).toThrow('accuracyAtLength exact must be a fraction from 0 to 1');
  });

  it('is a column of the runs table at the chosen length, blank for runs measured at another', async () => {
    const a = await trainedEntry('a', { hiddenSize: 4, iterations: 300 });
    const b = await trainedEntry('b', { hiddenSize: 8, iterations: 300 });
    const a32 = { ...a, accuracyAtLength: measureAccuracyAtLength(a.model.weights, a.model.config, 32) };
    const b16 = { ...b, accuracyAtLength: measureAccuracyAtLength(b.model.weights, b.model.config, 16) };
    expect(runColumns([a32, b16]).map((c) => c.key)).not.toContain('accuracyAtLength');
    const columns = runColumns([a32, b16], 32);
    expect(columns.map((c) => c.key)).toEqual(['label', 'hiddenSize', 'seed', 'iterations', 'reachedAt', 'accuracy', 'accuracyAtLength', 'loss', 'seconds', 'ranAt']);
    const column = columns.find((c) => c.key === 'accuracyAtLength')!;
    expect(column.label).toBe('Accuracy at 32 bits');
    expect(column.value(a32)).toBe(a32.accuracyAtLength.exact);
    expect(column.value(b16)).toBeNull();
    expect(unmeasuredAt([a32, b16], 32)).toEqual([b16]);
    expect(unmeasuredAt([a32, b16], 16)).toEqual([a32]);
    const csv = runsCsv([a32, b16], columns).split('\n');
    expect(csv[0]).toContain('Accuracy,Accuracy at 32 bits,Mean loss');
    expect(csv[1]).toContain(`,${a32.model.training.accuracy},${a32.accuracyAtLength.exact},`);
    expect(meanAccuracyAtLength([a32, b16], 32)).toBe(a32.accuracyAtLength.exact);
    expect(meanAccuracyAtLength([a32, b16], 64)).toBeNull();
    expect(accuracyAtLengthOf(a32, null)).toBeNull();
  });

  it('gives each selected run its own accuracy-versus-length curve', async () => {
    const learnt = await trainedEntry('learnt', {});
    const early = await trainedEntry('early', { iterations: 300, untilAccuracy: 0 });
    expect(learnt.model.training.accuracy).toBe(1);
    const lengths = [2, 8, 16, 40];
    const curves = runLengthCurves([learnt, early], lengths);
    expect(curves.map((c) => c.id)).toEqual(['learnt', 'early']);
    for (const [i, entry] of [learnt, early].entries()) {
      expect(curves[i]!.points.map((p) => p.bits)).toEqual(lengths);
      expect(curves[i]!.points.map((p) => p.exact)).toEqual(lengths.map((bits) => evaluateAtLength(entry.model.weights, entry.model.config, bits).exact));
    }
    // At the trained length each curve meets the run's own final accuracy.
    expect(curves[0]!.points[1]!.exact).toBe(1);
    expect(curves[1]!.points[1]!.exact).toBe(early.model.training.accuracy);
    expect(curves[1]!.points[1]!.exact).toBeLessThan(1);
  }, 60_000);
});
