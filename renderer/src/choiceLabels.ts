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
