/** The runs table's rows and columns: the settings that differ between the runs shown, then the run's figures; also as CSV. */

import { CONFIG_FIELDS, type ConfigKey } from '../../rnn/config';
import { differingKeys } from '../../sweep/grid';
import { accuracyAtLengthOf } from './lengthMetric';
import type { RunEntry } from './runEntry';

export interface RunColumn {
  key: string;
  label: string;
  value(entry: RunEntry): string | number | boolean | null;
}

const FIGURES: RunColumn[] = [
  { key: 'iterations', label: 'Iterations', value: (e) => e.model.training.iterations },
  { key: 'reachedAt', label: 'Reached at', value: (e) => e.reachedAt },
  { key: 'accuracy', label: 'Accuracy', value: (e) => e.model.training.accuracy },
  { key: 'loss', label: 'Final loss', value: (e) => e.model.training.lastLoss },
  { key: 'seconds', label: 'Seconds', value: (e) => e.model.training.elapsedSeconds },
  { key: 'ranAt', label: 'Ran at', value: (e) => new Date(e.ranAt).toISOString() },
];

/** The column of the accuracy on `bits`-bit sums (null where a run has not been measured at that length). */
export function accuracyAtLengthColumn(bits: number): RunColumn {
  return { key: 'accuracyAtLength', label: `Accuracy at ${bits} bits`, value: (e) => accuracyAtLengthOf(e, bits) };
}

/** Label, the settings that differ (the seed always), then the figures, with the accuracy at `lengthBits` bits after the accuracy when chosen. */
export function runColumns(entries: readonly RunEntry[], lengthBits: number | null = null): RunColumn[] {
  const differ = new Set<ConfigKey>(differingKeys(entries.map((e) => e.model.config)));
  differ.add('seed');
  const settings = CONFIG_FIELDS.filter((f) => differ.has(f.key)).map((f) => ({ key: f.key, label: f.label, value: (e: RunEntry) => e.model.config[f.key] }));
  const figures = lengthBits === null ? FIGURES : FIGURES.flatMap((c) => (c.key === 'accuracy' ? [c, accuracyAtLengthColumn(lengthBits)] : [c]));
  return [{ key: 'label', label: 'Label', value: (e: RunEntry) => e.label }, ...settings, ...figures];
}

/** What differs in a run from the others shown, for a legend: "Hidden size 8, seed 3". */
export function differenceLabel(entry: RunEntry, entries: readonly RunEntry[]): string {
  const keys = differingKeys(entries.map((e) => e.model.config));
  if (keys.length === 0) return entry.label;
  return keys.map((key) => `${CONFIG_FIELDS.find((f) => f.key === key)!.label.toLowerCase()} ${String(entry.model.config[key])}`).join(', ');
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
