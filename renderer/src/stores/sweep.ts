/**
 * A sweep in the studio: the dialog's lists of values (any setting), seeds as
 * a range, the stop rule and the iteration limit; then a pool of trainers (one
 * per core by default) whose runs stream into the run library as they finish.
 * Cancel ends the pool and keeps the finished runs.
 */

import { settingsLabel } from '@shared/run/library/runsTable';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { CONFIG_FIELDS, type ConfigKey, type TrainConfig } from '@shared/rnn/config';
import { SweepError, differingKeys, expandGrid, parseSeeds, parseValueList, type SweepAxis } from '@shared/sweep/grid';
import { SweepPool } from '@shared/sweep/pool';
import { parseTestBits } from '@shared/rnn/lengths';
import { entryFromRecorder, type RunEntry } from '@shared/run/library/runEntry';
import { studioApi } from '../hosts/studioApi';
import { useNoticeStore } from './notices';
import { useRunLibraryStore } from './runLibrary';
import { useSettingsStore } from './settings';

/** Settings the dialog offers lists for: all but the seed (a range of its own) and the stop rule and limit (fields of their own). */
export const SWEEPABLE = CONFIG_FIELDS.filter((f) => !['seed', 'untilAccuracy', 'evalEvery', 'iterations'].includes(f.key));

/** Longest a finished run waits before it shows in the runs table. */
const FLUSH_MS = 1000;
/** Time between updates of the progress bar, its elapsed time and ETA. */
const PROGRESS_MS = 250;

export interface SweepProgress {
  done: number;
  total: number;
  startedAt: number;
  now: number;
}

export const useSweepStore = defineStore('sweep', () => {
  const settings = useSettingsStore();
  const library = useRunLibraryStore();
  const notices = useNoticeStore();

  const lists = reactive<Partial<Record<ConfigKey, string>>>({});
  const seeds = ref('1-3');
  const untilAccuracy = ref('1');
  const evalEvery = ref('100');
  const iterations = ref('20000');
  /** A longer length to test every run on (its accuracy kept in the run's entry); empty for none. */
  const testBits = ref('');
  const workers = ref(String(Math.max(1, globalThis.navigator?.hardwareConcurrency || 1)));

  const progress = shallowRef<SweepProgress | null>(null);
  /** The latest sweep: its id (every one of its runs carries it), its runs' ids in the library and the settings it varied. */
  const lastSweep = shallowRef<{ id: string; ids: string[]; keys: ConfigKey[] } | null>(null);
  const running = ref(false);
  let pool: SweepPool | null = null;
  let ticker: ReturnType<typeof setInterval> | undefined;
  /** Finished runs not yet in the library: they go in together every FLUSH_MS, so the table and charts redraw once a second, not once per run. */
  let finished: RunEntry[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  function flushFinished(): void {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = finished;
    finished = [];
    void library.keepAll(batch);
  }

  /** The sweep's configurations, or the one line that says what is wrong. */
  const plan = computed<{ configs: TrainConfig[]; testBits: number | null } | { problem: string }>(() => {
    try {
      const base = settings.config;
      if (!base) return { problem: 'Some settings are not valid; fix the fields marked in red first.' };
      const axes: SweepAxis[] = [];
      for (const field of SWEEPABLE) {
        const text = lists[field.key]?.trim();
        if (text) axes.push({ key: field.key, values: parseValueList(field.key, text) });
      }
      const fixed = {
        untilAccuracy: parseValueList('untilAccuracy', untilAccuracy.value)[0],
        evalEvery: parseValueList('evalEvery', evalEvery.value)[0],
        iterations: parseValueList('iterations', iterations.value)[0],
      };
      const testText = testBits.value.trim();
      const read = testText === '' ? null : parseTestBits(testText);
      if (read && !read.ok) return { problem: `Test on bits: ${read.problem} (or empty for none)` };
      const tested = read ? read.value : null;
      return { configs: expandGrid({ ...base, ...fixed }, axes, parseSeeds(seeds.value)), testBits: tested };
    } catch (error) {
      if (error instanceof SweepError) return { problem: error.message };
      throw error;
    }
  });
  const runCount = computed(() => ('configs' in plan.value ? plan.value.configs.length : 0));
  const problem = computed(() => ('problem' in plan.value ? plan.value.problem : null));
  const workerCount = computed(() => {
    const n = Number(workers.value);
    return Number.isInteger(n) && n >= 1 && n <= 64 ? n : null;
  });

  const elapsedSeconds = computed(() => (progress.value ? (progress.value.now - progress.value.startedAt) / 1000 : 0));
  const etaSeconds = computed(() => {
    const p = progress.value;
    return p && p.done > 0 ? (elapsedSeconds.value / p.done) * (p.total - p.done) : null;
  });

  async function start(): Promise<void> {
    const current = plan.value;
    if (pool || !('configs' in current) || workerCount.value === null) return;
    const configs = current.configs;
    // The library tests each run on the longer length as it is kept, off the page's thread.
    if (current.testBits !== null) library.testAtLength(current.testBits);
    const stamp = Date.now();
    const ids = configs.map((_, i) => `${library.nextId()}-${i}`);
    const varied = differingKeys(configs);
    const sweepId = `sweep-${library.nextId()}`;
    lastSweep.value = { id: sweepId, ids, keys: varied };
    progress.value = { done: 0, total: configs.length, startedAt: performance.now(), now: performance.now() };
    // The bar and its times redraw on this tick (and at the end), not at every run: a redraw of the page per run took the workers' CPU.
    let done = 0;
    const showProgress = (): void => void (progress.value = progress.value && { ...progress.value, done, now: performance.now() });
    ticker = setInterval(showProgress, PROGRESS_MS);
    const api = studioApi();
    running.value = true;
    pool = new SweepPool({
      configs,
      workers: workerCount.value,
      connect: (slot) => api.connectPoolTrainer(slot),
      onRun: (index, run) => {
        const label = settingsLabel(run.config, varied.includes('seed') ? varied : [...varied, 'seed']);
        const entry = entryFromRecorder(run.recorder, ids[index]!, `sweep ${new Date(stamp).toLocaleTimeString()}: ${label}`, run.model);
        if (entry) {
          entry.sweep = { id: sweepId, startedAt: stamp, varied };
          finished.push(entry);
          flushTimer ??= setTimeout(flushFinished, FLUSH_MS);
        }
        done++;
      },
    });
    try {
      const outcome = await pool.run();
      notices.info(outcome.cancelled ? `Sweep cancelled: ${outcome.completed} of ${configs.length} runs kept.` : `Sweep finished: ${outcome.completed} runs.`);
    } catch (error) {
      notices.error(`The sweep stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      flushFinished();
      pool = null;
      running.value = false;
      clearInterval(ticker);
      showProgress();
    }
  }

  function cancel(): void {
    pool?.cancel();
  }

  return { lists, seeds, untilAccuracy, evalEvery, iterations, testBits, workers, progress, running, lastSweep, runCount, problem, workerCount, elapsedSeconds, etaSeconds, start, cancel };
});
