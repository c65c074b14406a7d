import { describe, expect, it } from 'vitest';
import { bitsSummary, checkOperand, errorMapCost, maxOperand } from '@/inspect/probeInput';

describe('checkOperand', () => {
  it('accepts integers from 0 to 2^(bits-1) - 1', () => {
    expect(maxOperand(8)).toBe(127);
    expect(checkOperand('First number', '74', 8)).toEqual({ ok: true, value: 74 });
    expect(checkOperand('First number', ' 0 ', 8)).toEqual({ ok: true, value: 0 });
    expect(checkOperand('First number', '127', 8)).toEqual({ ok: true, value: 127 });
  });

  it('names the field, the problem and the allowed range', () => {
    expect(checkOperand('First number', '', 8)).toEqual({ ok: false, message: 'First number must be a whole number from 0 to 127 for 8-bit sums; got nothing' });
    expect(checkOperand('Second number', 'abc', 8)).toEqual({ ok: false, message: 'Second number must be a whole number from 0 to 127 for 8-bit sums; got "abc"' });
    expect(checkOperand('Second number', '1.5', 8)).toMatchObject({ ok: false, message: expect.stringContaining('got "1.5"') });
    expect(checkOperand('First number', '128', 8)).toEqual({ ok: false, message: 'First number must be a whole number from 0 to 127 for 8-bit sums; got 128' });
    expect(checkOperand('First number', '-1', 4)).toEqual({ ok: false, message: 'First number must be a whole number from 0 to 7 for 4-bit sums; got "-1"' });
  });
});

describe('probe summaries', () => {
  it('counts wrong bits', () => {
    expect(bitsSummary('01001101', '01001101')).toBe('All bits right');
    expect(bitsSummary('01001100', '01001101')).toBe('1 bit wrong');
    expect(bitsSummary('11001100', '01001101')).toBe('2 bits wrong');
  });

  it('estimates the error map cost from pairs, steps and hidden size', () => {
    expect(errorMapCost(8, 16)).toBe(128 * 128 * 8 * 16 * 20);
  });
});
