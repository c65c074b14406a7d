import { describe, expect, it } from 'vitest';
import { REFERENCE_PRESET } from '@shared/rnn/config';
import { MAX_SWEEP_RUNS, SweepError, differingKeys, expandGrid, parseSeeds, parseValueList, runCount } from '@shared/sweep/grid';

describe('sweep grid', () => {
  it('expands lists × seeds in the fixed order: settings in CONFIG_FIELDS order, first outermost, seeds innermost', () => {
    // Given learning rate first and hidden size second: the table's order (hidden before lr) still decides.
    const configs = expandGrid({ iterations: 500 }, [{ key: 'learningRate', values: [0.1, 0.5] }, { key: 'hiddenSize', values: [4, 8] }], [3, 1, 2]);
    expect(configs.map((c) => [c.hiddenSize, c.learningRate, c.seed])).toEqual([
      [4, 0.1, 3], [4, 0.1, 1], [4, 0.1, 2], [4, 0.5, 3], [4, 0.5, 1], [4, 0.5, 2],
      [8, 0.1, 3], [8, 0.1, 1], [8, 0.1, 2], [8, 0.5, 3], [8, 0.5, 1], [8, 0.5, 2],
    ]);
    expect(configs[0]).toEqual({ ...REFERENCE_PRESET, iterations: 500, hiddenSize: 4, learningRate: 0.1, seed: 3 });
    expect(runCount([{ key: 'hiddenSize', values: [4, 8] }, { key: 'learningRate', values: [0.1, 0.5] }], 3)).toBe(12);
    expect(differingKeys(configs)).toEqual(['hiddenSize', 'learningRate', 'seed']);
  });

  it('reads lists of every kind of setting', () => {
    expect(parseValueList('hiddenSize', '4, 8,16')).toEqual([4, 8, 16]);
    expect(parseValueList('learningRate', '0.05,.5,1e-1')).toEqual([0.05, 0.5, 0.1]);
    expect(parseValueList('bias', 'on,off')).toEqual([true, false]);
    expect(parseValueList('optimizer', 'sgd,adam')).toEqual(['sgd', 'adam']);
    expect(parseValueList('untilAccuracy', '1,0.99')).toEqual([1, 0.99]);
  });

  it.each([
    ['hiddenSize', '4,,8', 'Hidden size: the list "4,,8" has an empty entry; write values separated by commas, e.g. 1,2'],
    ['hiddenSize', '4,600', 'Hidden size must be an integer from 1 to 512; got 600'],
    ['hiddenSize', '4,x', 'Hidden size must be an integer from 1 to 512; got "x"'],
    ['learningRate', '0.1,0.1', 'Learning rate: 0.1 is listed twice; list each value once'],
    ['bias', 'on,yes', 'Biases must be on or off; got "yes"'],
    ['activation', 'relu', 'Activation must be sigmoid or tanh; got "relu"'],
  ] as const)('refuses the list %s %s with one line', (key, text, message) => {
    expect(() => parseValueList(key, text)).toThrow(new SweepError(message));
  });

  it('reads seeds as ranges and lists', () => {
    expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('3,5,9')).toEqual([3, 5, 9]);
    expect(parseSeeds('1-3,10')).toEqual([1, 2, 3, 10]);
    expect(parseSeeds('4294967295')).toEqual([4294967295]);
  });

  it.each([
    ['5-1', 'the seed range 5-1 runs backwards; write it low to high, e.g. 1-5'],
    ['1-3,2', 'seed 2 is given twice in "1-3,2"; give each seed once'],
    ['a-b', 'seeds must be whole numbers or ranges like 1-20, separated by commas; got "a-b"'],
    ['1,', 'seeds must be whole numbers or ranges like 1-20, separated by commas; got "1,"'],
    ['-3', 'seeds must be whole numbers or ranges like 1-20, separated by commas; got "-3"'],
    ['4294967296', 'seeds go from 0 to 4294967295; got 4294967296'],
    ['1-200000', `1-200000 holds more than ${MAX_SWEEP_RUNS} seeds`],
  ])('refuses the seeds %s with one line', (text, message) => {
    expect(() => parseSeeds(text)).toThrow(new SweepError(message));
  });

  it('refuses grids that are too large or swept twice', () => {
    const big = Array.from({ length: 400 }, (_, i) => i + 1);
    expect(() => expandGrid({}, [{ key: 'hiddenSize', values: big }], big)).toThrow(`the sweep makes 160000 runs; at most ${MAX_SWEEP_RUNS} are allowed`);
    expect(() => expandGrid({}, [{ key: 'hiddenSize', values: [4] }, { key: 'hiddenSize', values: [8] }], [1])).toThrow(/swept twice/);
    expect(() => expandGrid({}, [], [])).toThrow('a sweep needs at least one seed');
  });
});
