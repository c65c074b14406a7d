/**
 * The run library: every run kept (a run from a reset to its end or stop, and
 * every run of a sweep), through the host (files on the desktop, IndexedDB in
 * a browser). Holds the entries, the selection and the table's sort and filter.
 */

import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { unmeasuredAt } from '@shared/run/library/lengthMetric';
import { newRunId, parseRunEntry, serializeRunEntry, type RunEntry } from '@shared/run/library/runEntry';
import { runColumns, runsCsv } from '@shared/run/library/runsTable';
import { studioApi } from '../hosts/studioApi';
import { LengthTester } from '../inspect/lengthTester';
import { useNoticeStore } from './notices';

export const useRunLibraryStore = defineStore('runLibrary', () => {
  const notices = useNoticeStore();
  const entries = shallowRef<RunEntry[]>([]);
  const selected = ref<string[]>([]);
  const filter = ref('');
  const sortKey = ref<string>('ranAt');
  const sortDescending = ref(true);
  let loaded = false;
  /** Until the kept runs have been read from the host. */
  const loading = ref(true);

  /** The longer length whose accuracy the table shows (and measures for every run lacking it); null for none. */
  const lengthBits = ref<number | null>(null);
  /** The run being measured at lengthBits, in a worker. */
  const measuring = ref<string | null>(null);
  const unmeasurable = new Set<string>();

  const columns = computed(() => runColumns(entries.value, lengthBits.value));
  const visible = computed(() => {
    const words = filter.value.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
    const column = columns.value.find((c) => c.key === sortKey.value) ?? columns.value.at(-1)!;
    const shown = entries.value.filter((e) => {
      const text = columns.value.map((c) => String(c.value(e) ?? '')).join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    });
    return shown.sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      // Missing values (null) sort last either way.
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sortDescending.value ? -order : order;
    });
  });
  const selectedEntries = computed(() => entries.value.filter((e) => selected.value.includes(e.id)));

  async function load(): Promise<void> {
    if (loaded) return;
    loaded = true;
    const kept: RunEntry[] = [];
    let damaged = 0;
    try {
      for (const text of await studioApi().listRuns()) {
        try {
          kept.push(parseRunEntry(text));
        } catch {
          damaged++;
        }
      }
    } catch (error) {
      notices.error(`The kept runs could not be read: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      loading.value = false;
    }
    entries.value = [...kept, ...entries.value.filter((e) => !kept.some((k) => k.id === e.id))];
    if (damaged > 0) notices.error(`${damaged} kept run${damaged === 1 ? ' was' : 's were'} damaged and left out.`);
  }

  /** Keeps a run; on failure the run stays in the table for this session and the person is told. */
  function keep(entry: RunEntry): Promise<void> {
    return keepAll([entry]);
  }

  /**
   * Keeps several runs with one change to the table (a sweep's runs arrive
   * faster than the table, charts and heatmap should redraw), then saves them
   * one after another.
   */
  async function keepAll(kept: readonly RunEntry[]): Promise<void> {
    if (kept.length === 0) return;
    const ids = new Set(kept.map((e) => e.id));
    entries.value = [...entries.value.filter((e) => !ids.has(e.id)), ...kept];
    for (const entry of kept) {
      try {
        await studioApi().saveRun(serializeRunEntry(entry));
      } catch (error) {
        notices.error(`The run "${entry.label}" could not be kept: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Shows (and measures where missing) every run's accuracy on `bits`-bit sums; null for none. */
  function testAtLength(bits: number | null): void {
    lengthBits.value = bits;
  }

  const tester = new LengthTester((reply) => {
    const entry = entries.value.find((e) => e.id === measuring.value);
    measuring.value = null;
    if (entry && reply.bits === lengthBits.value) {
      if (reply.exact === null) {
        unmeasurable.add(entry.id);
        notices.error(`The run "${entry.label}" could not be tested on ${reply.bits} bits: ${reply.problem ?? 'unknown error'}`);
      } else void keep({ ...entry, accuracyAtLength: { bits: reply.bits, exact: reply.exact } });
    }
    measureNext();
  });

  /** Measures the next run lacking the accuracy at lengthBits, one at a time so the table fills in as they finish. */
  function measureNext(): void {
    const bits = lengthBits.value;
    if (bits === null || measuring.value !== null) return;
    const next = unmeasuredAt(entries.value, bits).find((e) => !unmeasurable.has(e.id));
    if (!next) return;
    measuring.value = next.id;
    tester.request(next.model.weights, next.model.config, [bits]);
  }

  watch(lengthBits, () => {
    measuring.value = null;
    unmeasurable.clear();
    measureNext();
  });
  watch(entries, () => measureNext());

  function nextId(): string {
    return newRunId(Date.now());
  }

  async function remove(ids: readonly string[]): Promise<void> {
    entries.value = entries.value.filter((e) => !ids.includes(e.id));
    selected.value = selected.value.filter((id) => !ids.includes(id));
    for (const id of ids) await studioApi().deleteRun(id).catch((error: unknown) => notices.error(`A run could not be deleted: ${String(error)}`));
  }

  async function relabel(id: string, label: string): Promise<void> {
    const entry = entries.value.find((e) => e.id === id);
    const text = label.trim().slice(0, 200);
    if (!entry || text === '' || text === entry.label) return;
    await keep({ ...entry, label: text });
  }

  function toggle(id: string): void {
    selected.value = selected.value.includes(id) ? selected.value.filter((s) => s !== id) : [...selected.value, id];
  }

  function select(ids: readonly string[]): void {
    selected.value = [...ids];
  }

  function sortBy(key: string): void {
    if (sortKey.value === key) sortDescending.value = !sortDescending.value;
    else {
      sortKey.value = key;
      sortDescending.value = false;
    }
  }

  function csv(): string {
    return runsCsv(visible.value, columns.value);
  }

  /**
   * The style a run is drawn in, wherever it is drawn: set by its place among
   * every kept run in the order they ran, so it does not move when the
   * selection changes.
   */
  function styleIndex(id: string): number {
    const i = chronological.value.indexOf(id);
    return i < 0 ? 0 : i;
  }
  const chronological = computed(() => [...entries.value].sort((a, b) => a.ranAt - b.ranAt || (a.id < b.id ? -1 : 1)).map((e) => e.id));

  return { styleIndex, entries, loading, lengthBits, measuring, selected, filter, sortKey, sortDescending, columns, visible, selectedEntries, load, keep, keepAll, testAtLength, nextId, remove, relabel, toggle, select, sortBy, csv };
});
