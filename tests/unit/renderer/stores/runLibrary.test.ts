import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { watch } from 'vue';
import { REFERENCE_PRESET } from '@shared/rnn/config';
import { evaluateAtLength } from '@shared/rnn/lengths';
import { parseRunEntry } from '@shared/run/library/runEntry';
import { loadStudioApi } from '@/hosts/studioApi';
import { useModelStore } from '@/stores/model';
import { useRunLibraryStore } from '@/stores/runLibrary';
import { useRunStore } from '@/stores/run';
import { useSweepStore } from '@/stores/sweep';
import { installFakeHost, until, type FakeHost } from './fakeHost';

async function studio(host?: FakeHost) {
  const h = host ?? installFakeHost({ ...REFERENCE_PRESET, seed: 5, iterations: 400 });
  setActivePinia(createPinia());
  await loadStudioApi();
  const run = useRunStore();
  await run.init();
  await until(() => run.state === 'paused' && useModelStore().weights !== null);
  return { host: h, run, library: useRunLibraryStore(), sweep: useSweepStore() };
}

/** A sweep of hidden sizes 4 and 8 over `seeds`, 300 iterations each, without a stop rule. */
function shortSweep(sweep: { lists: Record<string, string>; seeds: string; iterations: string; untilAccuracy: string }, seeds: string): void {
  sweep.lists.hiddenSize = '4,8';
  sweep.seeds = seeds;
  sweep.iterations = '300';
  sweep.untilAccuracy = '0';
}

describe('the run library in the studio', () => {
  it('keeps a run that ends, relabels and deletes it, and reads the kept runs after a restart', async () => {
    const { host, run, library } = await studio();
    await library.load();
    await run.train();
    await until(() => run.state === 'finished' && library.entries.length === 1);
    await until(() => host.runs.size === 1);
    const kept = parseRunEntry([...host.runs.values()][0]!);
    expect(kept.model.training.iterations).toBe(400);
    expect(kept.model.config.seed).toBe(5);
    // Named by what differs from the runs kept before it: nothing yet, so its seed alone.
    expect(kept.label).toBe('seed 5');

    await library.relabel(kept.id, 'first');
    expect(parseRunEntry(host.runs.get(kept.id)!).label).toBe('first');

    const again = await studio(host);
    await again.library.load();
    expect(again.library.entries.map((e) => e.label)).toEqual(['first']);
    expect(again.library.entries[0]!.model.weights).toEqual(kept.model.weights);
    await again.library.remove([kept.id]);
    expect(host.runs.size).toBe(0);
    expect(again.library.entries).toEqual([]);
  });

  it('runs a sweep on the pool and keeps every run, with its count before it starts', async () => {
    const { host, library, sweep } = await studio();
    await library.load();
    shortSweep(sweep, '1-2');
    sweep.workers = '2';
    expect(sweep.problem).toBeNull();
    expect(sweep.runCount).toBe(4);
    sweep.lists.learningRate = '0.1,x';
    expect(sweep.problem).toBe('Learning rate must be a number above 0 and at most 100; got "x"');
    sweep.lists.learningRate = '';
    await sweep.start();
    expect(sweep.progress).toMatchObject({ done: 4, total: 4 });
    await until(() => sweep.lastSweep!.ids.every((id) => host.runs.has(id)));
    const ids = sweep.lastSweep!.ids;
    expect(ids.every((id) => host.runs.has(id))).toBe(true);
    const configs = library.entries.filter((e) => ids.includes(e.id)).map((e) => [e.model.config.hiddenSize, e.model.config.seed, e.model.training.iterations]);
    expect(configs.sort()).toEqual([[4, 1, 300], [4, 2, 300], [8, 1, 300], [8, 2, 300]]);
    expect(sweep.lastSweep?.keys).toEqual(['hiddenSize', 'seed']);
    // Every run carries its sweep, kept with it: the sweep's results show its own runs, after a restart too.
    for (const id of ids) expect(parseRunEntry(host.runs.get(id)!).sweep).toEqual({ id: sweep.lastSweep!.id, startedAt: expect.any(Number), varied: ['hiddenSize', 'seed'] });
  });

  it('draws each run in a style set by when it ran, not by what else is selected', async () => {
    const { library, sweep } = await studio();
    await library.load();
    shortSweep(sweep, '1-2');
    sweep.workers = '1';
    await sweep.start();
    const byAge = [...library.entries].sort((a, b) => a.ranAt - b.ranAt || (a.id < b.id ? -1 : 1));
    const styles = byAge.map((e) => library.styleIndex(e.id));
    expect(new Set(styles).size).toBe(byAge.length);
    library.select([byAge[2]!.id]);
    expect(library.styleIndex(byAge[2]!.id)).toBe(styles[2]);
    library.select([byAge[3]!.id, byAge[2]!.id]);
    expect(library.selectedEntries.map((e) => library.styleIndex(e.id)).sort()).toEqual([styles[2], styles[3]].sort());
  });

  it("puts a sweep's runs into the table a batch at a time, not one redraw per run", async () => {
    const { library, sweep } = await studio();
    await library.load();
    shortSweep(sweep, '1-4');
    sweep.workers = '2';
    const sizes: number[] = [];
    const stop = watch(() => library.entries, (entries) => sizes.push(entries.length));
    await sweep.start();
    stop();
    expect(library.entries.filter((e) => sweep.lastSweep!.ids.includes(e.id))).toHaveLength(8);
    expect(sizes.at(-1)).toBe(8);
    expect(sizes.length).toBeLessThan(8);
  });

  it('tests every run of a sweep on a longer length when asked, keeps the figure in the run, and shows it as a column', async () => {
    const { host, library, sweep } = await studio();
    await library.load();
    shortSweep(sweep, '1');
    sweep.testBits = '65';
    expect(sweep.problem).toBe('Test on bits: Bits must be a whole number from 2 to 64; got 65 (or empty for none)');
    sweep.testBits = '12';
    expect(sweep.problem).toBeNull();
    await sweep.start();
    const ids = sweep.lastSweep!.ids;
    const measuredAt = (bits: number) => () => ids.every((id) => { const text = host.runs.get(id); return text !== undefined && parseRunEntry(text).accuracyAtLength?.bits === bits; });
    await until(measuredAt(12), 20_000);
    expect(library.lengthBits).toBe(12);
    expect(library.columns.map((c) => c.label)).toContain('Accuracy at 12 bits');
    const column = library.columns.find((c) => c.key === 'accuracyAtLength')!;
    for (const id of ids) {
      const entry = library.entries.find((e) => e.id === id)!;
      const expected = evaluateAtLength(entry.model.weights, entry.model.config, 12).exact;
      expect(parseRunEntry(host.runs.get(id)!).accuracyAtLength).toEqual({ bits: 12, exact: expected });
      expect(column.value(entry)).toBe(expected);
    }
    // Another length replaces the figure in every run, the table's column with it.
    library.testAtLength(20);
    await until(measuredAt(20), 20_000);
    expect(library.columns.find((c) => c.key === 'accuracyAtLength')!.label).toBe('Accuracy at 20 bits');
    expect(library.measuring).toBeNull();
  }, 60_000);
});
