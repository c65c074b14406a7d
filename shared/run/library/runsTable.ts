/** The runs table's rows and columns: the settings that differ between the runs shown, then the run's figures; also as CSV. */

import { CONFIG_FIELDS, type ConfigKey, type TrainConfig } from '../../rnn/config';
import { differingKeys } from '../../sweep/grid';
import { accuracyAtLengthOf } from './lengthMetric';
import type { RunEntry } from './runEntry';

export interface RunColumn {
  key: string;
  label: string;
  value(entry: RunEntry): string | number | boolean | null;
}

/**
 * The figures of a run. "Stop rule met at" is reachedAt (empty without a
 * stop rule); "Mean loss" is the CLI's meanLoss, the mean reported loss of
 * the run's last 1 000 iterations.
 */
const FIGURES: RunColumn[] = [
  { key: 'iterations', label: 'Iterations done', value: (e) => e.model.training.iterations },
  { key: 'reachedAt', label: 'Stop rule met at', value: (e) => e.reachedAt },
  { key: 'accuracy', label: 'Accuracy', value: (e) => e.model.training.accuracy },
  { key: 'loss', label: 'Mean loss', value: (e) => e.meanLoss },
  { key: 'seconds', label: 'Seconds', value: (e) => e.model.training.elapsedSeconds },
  { key: 'ranAt', label: 'Ran at', value: (e) => new Date(e.ranAt).toISOString() },
];

/** What a setting is called in the runs table, where "Iterations" would be read as those done. */
const SETTING_LABELS: Partial<Record<ConfigKey, string>> = { iterations: 'Planned iterations' };

/** The settings of a run named as every label of runs does: "cell gru, hidden size 8, seed 3". */
export function settingsLabel(config: TrainConfig, keys: readonly ConfigKey[]): string {
  const value = (v: unknown) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));
  return CONFIG_FIELDS.filter((f) => keys.includes(f.key))
    .map((f) => `${(SETTING_LABELS[f.key] ?? f.label).toLowerCase()} ${value(config[f.key])}`)
    .join(', ');
}

/**
 * A new run's label: the settings it differs in from the runs kept so far
 * (the cell when the others are of another cell), and its seed.
 */
export function newRunLabel(config: TrainConfig, others: readonly TrainConfig[]): string {
  const keys = new Set<ConfigKey>(differingKeys([...others, config]).filter((k) => k !== 'iterations'));
  keys.add('seed');
  return settingsLabel(config, [...keys]);
}

/** The column of the accuracy on `bits`-bit sums (null where a run has not been measured at that length). */
export function accuracyAtLengthColumn(bits: number): RunColumn {
  return { key: 'accuracyAtLength', label: `Accuracy at ${bits} bits`, value: (e) => accuracyAtLengthOf(e, bits) };
}

/** Label, the settings that differ (the seed always), then the figures, with the accuracy at `lengthBits` bits after the accuracy when chosen. */
export function runColumns(entries: readonly RunEntry[], lengthBits: number | null = null): RunColumn[] {
  const differ = new Set<ConfigKey>(differingKeys(entries.map((e) => e.model.config)));
  differ.add('seed');
  const settings = CONFIG_FIELDS.filter((f) => differ.has(f.key)).map((f) => ({ key: f.key, label: SETTING_LABELS[f.key] ?? f.label, value: (e: RunEntry) => e.model.config[f.key] }));
  const figures = lengthBits === null ? FIGURES : FIGURES.flatMap((c) => (c.key === 'accuracy' ? [c, accuracyAtLengthColumn(lengthBits)] : [c]));
  return [{ key: 'label', label: 'Label', value: (e: RunEntry) => e.label }, ...settings, ...figures];
}

/** What differs in a run from the others shown, for a legend: "hidden size 8, seed 3"; its label when nothing does. */
export function differenceLabel(entry: RunEntry, entries: readonly RunEntry[], leaveOut: readonly ConfigKey[] = []): string {
  const keys = differingKeys(entries.map((e) => e.model.config)).filter((k) => !leaveOut.includes(k));
  return keys.length === 0 ? entry.label : settingsLabel(entry.model.config, keys);
}

/** The rows as CSV (RFC 4180 quoting), one header line. */
export function runsCsv(entries: readonly RunEntry[], columns: readonly RunColumn[] = runColumns(entries)): string {
  const cell = (v: string | number | boolean | null): string => {
    if (v === null) return '';
    const text = String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((c) => cell(c.label)).join(',')];
  for (const entry of entries) lines.push(columns.map((c) => cell(c.value(entry))).join(','));
  return `${lines.join('\n')}\n`;
}
