/** The network of a configuration's cell, chosen once here. */

import { Rnn } from '../bptt';
import type { CellNetwork, CellShape } from './cellNetwork';
import { Gru } from './gru';
import { Lstm } from './lstm';

export type { CellNetwork, CellShape } from './cellNetwork';

/** A network for the shape's cell (the vanilla RNN when none is named), with gradient buffers when training. */
export function createNetwork(shape: CellShape, withGradients: boolean): CellNetwork {
  switch (shape.cell ?? 'rnn') {
    case 'rnn':
      return new Rnn(shape, withGradients);
    case 'lstm':
      return new Lstm(shape, withGradients);
    case 'gru':
      return new Gru(shape, withGradients);
  }
}
