/**
 * How the studio looks and paces itself, remembered in the page's local
 * storage (the same in Electron's sandboxed renderer and in a browser): the
 * colour theme and the training speed. Neither is part of a run's settings.
 */

import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/**
 * The speeds offered, slowest first, in iterations per second; null is full
 * speed. At 1 to 30 it/s every iteration is reported with its pair.
 */
export const PACES: readonly (number | null)[] = [1, 3, 10, 30, 100, 1000, 10_000, null];

const STORAGE_KEY = 'rnn-studio-preferences';

interface Stored {
  theme?: unknown;
  pace?: unknown;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (a sandboxed frame): preferences last for this page only
  }
}

function read(): Stored {
  try {
    const text = storage()?.getItem(STORAGE_KEY);
    const value: unknown = text ? JSON.parse(text) : null;
    return value && typeof value === 'object' ? (value as Stored) : {};
  } catch {
    return {};
  }
}

/** A pace as a person reads it. */
export function paceLabel(pace: number | null): string {
  return pace === null ? 'Full speed' : `${pace.toLocaleString('en-US')} it/s`;
}

export const usePreferencesStore = defineStore('preferences', () => {
  const stored = read();
  const theme = ref<Theme>(THEMES.some((t) => t.value === stored.theme) ? (stored.theme as Theme) : 'system');
  const pace = ref<number | null>(PACES.includes(stored.pace as number | null) ? (stored.pace as number | null) : null);

  // The system's scheme, followed while the theme is 'system'.
  const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
  const systemDark = ref(query?.matches ?? false);
  query?.addEventListener('change', (event) => (systemDark.value = event.matches));
  /** The scheme the page shows: the chosen one, or the system's. */
  const scheme = computed<'light' | 'dark'>(() => (theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value));

  // The stylesheet reads the scheme from the root element (theme.css).
  watch(
    scheme,
    (value) => {
      const root = globalThis.document?.documentElement;
      if (root) root.dataset.theme = value;
    },
    { immediate: true },
  );
  watch([theme, pace], ([t, p]) => {
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify({ theme: t, pace: p }));
    } catch {
      // Full or refused: the choice holds for this page.
    }
  });

  return { theme, pace, scheme };
});
