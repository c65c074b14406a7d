import type { ConfigField, ConfigKey } from '@shared/rnn/config';

/** How the studio names each choice of a settings field; the stored value stays the key. */
export const CHOICE_LABELS: Readonly<Record<string, string>> = {
  rnn: 'vanilla RNN',
  lstm: 'LSTM',
  gru: 'GRU',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  randn: 'standard normal (randn)',
  xavier: 'Xavier',
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
  numpy: 'NumPy (MT19937)',
  xoshiro: 'xoshiro128**',
};

export function choiceLabel(value: string): string {
  return CHOICE_LABELS[value] ?? value;
}

/**
 * Fields the studio names otherwise than the table (and the CLI) does,
 * because they mean something else here: the studio's iterations are where
 * the run ends, counted over the model's whole life, not how many more to run.
 */
export const STUDIO_FIELD_LABELS: Readonly<Partial<Record<ConfigKey, string>>> = {
  iterations: 'Train to iteration',
};

/** The label the studio shows for a field. */
export function fieldLabel(field: Pick<ConfigField, 'key' | 'label'>): string {
  return STUDIO_FIELD_LABELS[field.key] ?? field.label;
}
