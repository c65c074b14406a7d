import { describe, expect, it } from 'vitest';
import { utf8 } from '@shared/export/bytes';
import { exactNumberText as exactNumber } from '@shared/model-file/jsonText';

describe('the byte helpers', () => {
  it('encode UTF-8 exactly as the platform TextEncoder does, surrogates included', () => {
    const samples = ['', 'tensor,row,col,value', 'Gewichte ü ß', '×→ⁿ', 'emoji 😀 and 𝔘', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d'];
    for (const text of samples) expect(Array.from(utf8(text))).toEqual(Array.from(new TextEncoder().encode(text)));
  });

  it('print numbers that parse back to the same float64, keeping -0', () => {
    for (const value of [0.1, 1 / 3, -0, 5e-324, 1.7976931348623157e308, -1e-7, 123456789.12345679]) {
      expect(Object.is(Number(exactNumber(value)), value)).toBe(true);
    }
    expect(exactNumber(-0)).toBe('-0');
  });
});
