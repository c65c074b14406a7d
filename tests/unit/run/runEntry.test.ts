import { describe, expect, it } from 'vitest';
import { RUN_LOSS_POINTS, entryFromRecorder, newRunId, parseRunEntry, runEntryKey, serializeRunEntry } from '@shared/run/library/runEntry';
import { differenceLabel, runColumns, runsCsv } from '@shared/run/library/runsTable';
import { trainedEntry as entry, trainedRecorder } from './trainedEntry';

describe('run entries', () => {
  it('round-trip through their text with a bounded loss curve, reachedAt and the accuracy curve', async () => {
    const e = await entry('r1', {});
    expect(e.reachedAt).toBe(e.model.training.iterations);
    expect(e.model.training.accuracy).toBe(1);
    expect(e.model.lossHistory.values.length).toBeLessThanOrEqual(RUN_LOSS_POINTS);
    expect(e.accuracy.y.at(-1)).toBe(1);
    expect(e.gradNorms.map((g) => g.name)).toEqual(['U', 'V', 'W']);
    expect(parseRunEntry(serializeRunEntry(e))).toEqual(e);
  });

  it("take the run's model when the caller has made it (a sweep's, with its measured accuracy), bounding a copy of its curve", async () => {
    const recorder = await trainedRecorder({ iterations: 1500, untilAccuracy: 0 });
    const model = recorder.toModel()!;
    model.training.accuracy = 0.25;
    const points = model.lossHistory.values.length;
    expect(points).toBeGreaterThan(RUN_LOSS_POINTS);
    const given = entryFromRecorder(recorder, 'given', 'given', model)!;
    expect(given.model.training.accuracy).toBe(0.25);
    expect(given.model.lossHistory.values.length).toBeLessThanOrEqual(RUN_LOSS_POINTS);
    expect(model.lossHistory.values).toHaveLength(points);
    const own = entryFromRecorder(recorder, 'own', 'own')!;
    expect(own.model.training.accuracy).not.toBe(0.25);
    expect(own.model.lossHistory).toEqual(given.model.lossHistory);
    expect(own.model.weights).toEqual(given.model.weights);
  });

  it('refuse a damaged text with one line', async () => {
    const text = serializeRunEntry(await entry('r2', { iterations: 200 }));
    expect(() => parseRunEntry(text.replace('"id":"r2"', '"id":"../r2"'))).toThrow('id must be 1 to 64 letters, digits or dashes');
    expect(() => parseRunEntry(text.replace('"reachedAt":null', '"reachedAt":-5'))).toThrow('reachedAt must be an iteration or null');
    expect(() => parseRunEntry(text.replace('rnn-studio-model', 'other'))).toThrow(/^model: not an RNN Studio model file/);
    expect(() => parseRunEntry('[')).toThrow('not a run file: the text is not valid JSON');
  });

  it("give their key (id and time) with the entry's own fields checked and the model left unread", async () => {
    const e = await entry('r3', { iterations: 200 });
    const text = serializeRunEntry(e);
    expect(runEntryKey(text)).toEqual({ id: 'r3', ranAt: e.ranAt });
    const otherModel = text.replace('rnn-studio-model', 'other');
    expect(runEntryKey(otherModel)).toEqual({ id: 'r3', ranAt: e.ranAt });
    expect(() => parseRunEntry(otherModel)).toThrow(/^model: /);
    expect(() => runEntryKey(text.replace('"id":"r3"', '"id":"../r3"'))).toThrow('id must be 1 to 64 letters, digits or dashes');
    expect(() => runEntryKey(text.replace(/"ranAt":\d+/, '"ranAt":"soon"'))).toThrow('ranAt must be a time in milliseconds');
  });

  it('get ids that sort by time', () => {
    expect(newRunId(1000, () => 0.5) < newRunId(2000, () => 0)).toBe(true);
    expect(newRunId(1000, () => 0.999999)).toMatch(/^[a-z0-9]+-[a-z0-9]{6}$/);
  });

  it('make a table whose columns are the settings that differ, exported as CSV', async () => {
    const a = await entry('a', { hiddenSize: 4, iterations: 300 }, 'first, "quoted"');
    const b = await entry('b', { hiddenSize: 8, iterations: 300 });
    expect(runColumns([a, b]).map((c) => c.key)).toEqual(['label', 'hiddenSize', 'seed', 'iterations', 'reachedAt', 'accuracy', 'loss', 'seconds', 'ranAt']);
    expect(differenceLabel(a, [a, b])).toBe('hidden size 4');
    const lines = runsCsv([a, b]).trimEnd().split('\n');
    // Named apart: the iterations done beside the planned ones, the stop rule's iteration, and the CLI's mean loss.
    expect(lines[0]).toBe('Label,Hidden size,Seed,Iterations done,Stop rule met at,Accuracy,Mean loss,Seconds,Ran at');
    expect(lines[1]!.startsWith('"first, ""quoted""",4,1,300,,')).toBe(true);
    expect(lines[2]!.startsWith('b,8,1,300,,')).toBe(true);
    // The mean loss is the CLI's meanLoss: the mean of the run's last 1 000 losses.
    expect(a.meanLoss).not.toBeNull();
    expect(runColumns([a, b]).find((c) => c.key === 'loss')!.value(a)).toBe(a.meanLoss);
    const shorter = await entry('c', { hiddenSize: 4, iterations: 200 });
    expect(runColumns([a, shorter]).find((c) => c.key === 'iterations')!.label).toBe('Planned iterations');
  });
});
