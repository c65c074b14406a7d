/**
 * The hyperparameters as the person types them: text for numbers (so "abc"
 * can be shown and explained), with validation from the shared CONFIG_FIELDS
 * table, and remembered between launches through the host.
 */

import { defineStore } from 'pinia';
import { computed, reactive, watch } from 'vue';
import { CONFIG_FIELDS, REFERENCE_PRESET, freshSeed, parseField, type ConfigKey, type TrainConfig } from '@shared/rnn/config';
import { studioApi } from '../hosts/studioApi';
import { fieldLabel } from '../choiceLabels';

/** A field's value as edited: text for numbers and choices, a flag for on/off. */
export type FieldValue = string | boolean;

const SAVE_DELAY_MS = 300;

function toFieldValues(config: Partial<TrainConfig>): Partial<Record<ConfigKey, FieldValue>> {
  const values: Partial<Record<ConfigKey, FieldValue>> = {};
  for (const field of CONFIG_FIELDS) {
    const value = config[field.key];
    if (value === undefined) continue;
    values[field.key] = typeof value === 'boolean' ? value : String(value);
  }
  return values;
}

export const useSettingsStore = defineStore('settings', () => {
  const values = reactive(toFieldValues({ ...REFERENCE_PRESET, seed: freshSeed() }) as Record<ConfigKey, FieldValue>);

  /** Every field read by the one reader of option text (parseField), as the CLI and the sweep dialog read theirs. */
  const read = computed(() => {
    const values_: Partial<Record<ConfigKey, unknown>> = {};
    const problems: Partial<Record<ConfigKey, string>> = {};
    for (const field of CONFIG_FIELDS) {
      const value = values[field.key];
      const result = parseField(field.key, typeof value === 'boolean' ? (value ? 'on' : 'off') : value);
      if (result.ok) values_[field.key] = result.value;
      // The message names the field as the form does.
      else problems[field.key] = result.problem.startsWith(field.label) ? fieldLabel(field) + result.problem.slice(field.label.length) : result.problem;
    }
    return { values: values_, problems };
  });
  const parsed = computed(() => read.value.values);

  /** The message of every invalid field, by key. */
  const errors = computed(() => read.value.problems);

  const valid = computed(() => Object.keys(errors.value).length === 0);

  /** The configuration, or null while any field is invalid. */
  const config = computed<TrainConfig | null>(() => (valid.value ? ({ ...parsed.value } as unknown as TrainConfig) : null));

  /** The learning rate when its own field is valid, whatever the others hold. */
  const learningRate = computed<number | null>(() => (errors.value.learningRate ? null : (parsed.value.learningRate as number)));

  function set(key: ConfigKey, value: FieldValue): void {
    values[key] = value;
  }

  function apply(config: Partial<TrainConfig>): void {
    Object.assign(values, toFieldValues(config));
  }

  /** The reference preset's settings (docs/algorithm.md); the seed stays, so a run can be compared with the last. */
  function applyReferencePreset(): void {
    apply(REFERENCE_PRESET);
  }

  function newSeed(): void {
    values.seed = String(freshSeed());
  }

  let restored = false;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** Brings back the last remembered settings; afterwards every valid change is remembered. */
  async function restore(): Promise<void> {
    try {
      const saved = await studioApi().loadSettings();
      if (saved) apply(saved);
    } finally {
      restored = true;
    }
  }

  watch(config, (current) => {
    if (!restored || !current) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void studioApi().saveSettings(current).catch(() => {}), SAVE_DELAY_MS);
  });

  return { values, errors, valid, config, learningRate, set, apply, applyReferencePreset, newSeed, restore };
});
