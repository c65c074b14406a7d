import { describe, expect, it } from 'vitest';
import { RUN_LOSS_POINTS, newRunId, parseRunEntry, serializeRunEntry } from '@shared/run/library/runEntry';
import { differenceLabel, runColumns, runsCsv } from '@shared/run/library/runsTable';
import { trainedEntry as entry } from './trainedEntry';

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

  it('refuse a damaged text with one line', async () => {
    const text = serializeRunEntry(await entry('r2', { iterations: 200 }));
    expect(() => parseRunEntry(text.replace('"id":"r2"', '"id":"../r2"'))).toThrow('id must be 1 to 64 letters, digits or dashes');
    expect(() => parseRunEntry(text.replace('"reachedAt":null', '"reachedAt":-5'))).toThrow('reachedAt must be an iteration or null');
    expect(() => parseRunEntry(text.replace('rnn-studio-model', 'other'))).toThrow(/^model: not an RNN Studio model file/);
    expect(() => parseRunEntry('[')).toThrow('not a run file: the text is not valid JSON');
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
    expect(lines[0]).toBe('Label,Hidden size,Seed,Iterations,Reached at,Accuracy,Final loss,Seconds,Ran at');
    expect(lines[1]!.startsWith('"first, ""quoted""",4,1,300,,')).toBe(true);
    expect(lines[2]!.startsWith('b,8,1,300,,')).toBe(true);
  });
});
