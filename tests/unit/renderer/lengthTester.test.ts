import { describe, expect, it } from 'vitest';
import { lengthWorkers, splitLengths } from '@/inspect/lengthTester';
import { TEST_LENGTHS } from '@shared/rnn/lengths';

describe('accuracy by length in parallel', () => {
  it('runs on one worker per core, at most one per length', () => {
    expect(lengthWorkers(63, 2)).toBe(2);
    expect(lengthWorkers(63, 4)).toBe(4);
    expect(lengthWorkers(1, 4)).toBe(1);
    expect(lengthWorkers(63, 64)).toBe(8);
  });

  it('hands out the longest lengths first, so the workers share the work evenly, and every length once', () => {
    const shares = splitLengths(TEST_LENGTHS, 2);
    expect(shares.flat().sort((a, b) => a - b)).toEqual([...TEST_LENGTHS]);
    expect(shares[0]!.slice(0, 2)).toEqual([64, 62]);
    expect(shares[1]!.slice(0, 2)).toEqual([63, 61]);
    // The steps each worker runs (a length's pairs run as many steps as it has bits) differ by little.
    const steps = shares.map((share) => share.reduce((sum, bits) => sum + bits, 0));
    expect(Math.abs(steps[0]! - steps[1]!) / Math.max(...steps)).toBeLessThan(0.05);
    expect(splitLengths([16], 4)).toEqual([[16]]);
  });
});
