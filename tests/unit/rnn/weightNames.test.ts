/** The weights each configuration has: the names, their order, and the shared lists callers must not change. */

import { describe, expect, it } from 'vitest';
import { cellOfWeight, weightLayout, weightNames } from '@shared/rnn/weights';

describe('weightNames', () => {
  it('names the weights of each cell in canonical order: U’s, V’s, W, biases', () => {
    expect(weightNames({ bias: false })).toEqual(['U', 'V', 'W']);
    expect(weightNames({ bias: true, cell: 'rnn' })).toEqual(['U', 'V', 'W', 'b_h', 'b_o']);
    expect(weightNames({ bias: false, cell: 'lstm' })).toEqual(['U_i', 'U_o', 'U_f', 'U_c', 'V_i', 'V_o', 'V_f', 'V_c', 'W']);
    expect(weightNames({ bias: true, cell: 'gru' })).toEqual(['U_z', 'U_r', 'U_h', 'V_z', 'V_r', 'V_h', 'W', 'b_hz', 'b_hr', 'b_hh', 'b_o']);
  });

  it('gives every caller the same list, frozen, so no caller can change another’s', () => {
    const names = weightNames({ bias: true, cell: 'lstm' });
    expect(weightNames({ bias: true, cell: 'lstm' })).toBe(names);
    expect(Object.isFrozen(names)).toBe(true);
    expect(() => (names as string[]).push('U')).toThrow(TypeError);
    expect(weightNames({ bias: true, cell: 'lstm' })).toHaveLength(14);
  });

  it('keeps to each cell’s own names and to the names every cell has', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      for (const name of weightNames({ bias: true, cell })) expect([cell, null]).toContain(cellOfWeight(name));
    }
  });

  it('lays out each name with its shape for the hidden size', () => {
    expect(weightLayout({ hiddenSize: 3, bias: true })).toEqual([
      { name: 'U', shape: [2, 3] },
      { name: 'V', shape: [3, 3] },
      { name: 'W', shape: [3, 1] },
      { name: 'b_h', shape: [1, 3] },
      { name: 'b_o', shape: [1, 1] },
    ]);
  });
});
