import { describe, expect, it } from 'vitest';
import { formatCsvNumber, writeCsv } from '@shared/run/curves/historyCsv';

describe('writeCsv', () => {
  it('merges curves sampled at different iterations into one row per iteration', () => {
    const a = [1, 2, 4];
    const b = [2, 3];
    const csv = writeCsv([
      { count: a.length, iterationAt: (i) => a[i]!, columns: [{ name: 'loss', valueAt: (i) => a[i]! / 10 }] },
      { count: b.length, iterationAt: (i) => b[i]!, columns: [{ name: 'x', valueAt: (i) => b[i]! * 100 }, { name: 'y', valueAt: () => NaN }] },
    ]);
    expect(csv).toBe('iteration,loss,x,y\n1,0.1,,\n2,0.2,200,\n3,,300,\n4,0.4,,\n');
  });

  it('writes numbers in their shortest form at a given precision', () => {
    expect(formatCsvNumber(Math.fround(0.1), 7)).toBe('0.1');
    expect(formatCsvNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatCsvNumber(Infinity)).toBe('Infinity');
    expect(formatCsvNumber(NaN)).toBe('');
  });
});
