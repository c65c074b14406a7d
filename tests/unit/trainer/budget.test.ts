import { describe, expect, it } from 'vitest';
import { EvaluationBudget, prefixTreeNodes } from '@shared/trainer/evaluationBudget';
import { config } from './harness';

describe('EvaluationBudget', () => {
  it('has no estimate before any training', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    expect(budget.estimatedMs()).toBeNull();
    expect(budget.due(10_000, 0)).toBe(false);
  });

  it('guesses the first cost from the training speed and the pairs evaluated', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    budget.trained(1000, 10); // 0.01 ms per sample of 3 × 8 steps; the prefix tree has 38 228 steps' work
    expect(prefixTreeNodes(8)).toBe(4 + 16 + 64 + 256 + 1024 + 4096 + 16_384 + 16_384);
    expect(budget.estimatedMs()).toBeCloseTo((0.01 * 38_228) / 24, 10);
    const sampled = new EvaluationBudget(config({ bits: 32, batchSize: 4 }), 0.1, 200);
    sampled.trained(100, 400); // 1 ms per sample; a 10 000-pair sample
    expect(sampled.estimatedMs()).toBeCloseTo(5000, 10);
    const gated = new EvaluationBudget(config({ cell: 'lstm' }), 0.1, 200);
    gated.trained(1000, 10); // an LSTM runs all 16 384 pairs forward, no prefix tree
    expect(gated.estimatedMs()).toBeCloseTo((0.01 * 16_384) / 2, 10);
  });

  it('lets evaluation take at most its share of the time', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    budget.trained(1000, 500);
    budget.evaluated(160, 1000, 1000);
    budget.trained(1000, 1430);
    expect(budget.due(2000, 2000)).toBe(false); // 160 ms of evaluation needs 1440 ms of training
    budget.trained(100, 10);
    expect(budget.due(2000, 2100)).toBe(true);
  });

  it('waits the minimum interval however cheap evaluation is', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    budget.trained(1000, 100);
    budget.evaluated(0.1, 1000, 1000);
    budget.trained(100, 10);
    expect(budget.due(1150, 1100)).toBe(false);
    expect(budget.due(1200, 1100)).toBe(true);
  });

  it('calls an evaluation cheap only when it is estimated under 100 ms', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    expect(budget.cheap()).toBe(false);
    budget.trained(10, 1);
    budget.evaluated(99, 0, 10);
    expect(budget.cheap()).toBe(true);
    const dear = new EvaluationBudget(config(), 0.1, 200);
    dear.evaluated(101, 0, 10);
    expect(dear.cheap()).toBe(false);
  });

  it('spreads a cheap evaluation over the run so a short run still draws an accuracy curve', () => {
    const budget = new EvaluationBudget(config({ iterations: 20_000 }), 0.1, 200);
    budget.trained(800, 16);
    expect(budget.due(0, 800)).toBe(true); // the first point comes after the first slice
    budget.evaluated(25, 100, 800); // next on the cadence: 800 + 20 000 / 25
    budget.trained(700, 14);
    expect(budget.due(120, 1500)).toBe(false); // too soon by both rules
    expect(budget.due(120, 1600)).toBe(true); // the cadence, though the time budget would wait
    expect(budget.untilCurvePoint(1500)).toBe(100); // so a slice can stop right there
    expect(budget.untilCurvePoint(1700)).toBe(1); // overdue: at once
    const dear = new EvaluationBudget(config({ iterations: 20_000 }), 0.1, 200);
    dear.trained(800, 16);
    dear.evaluated(151, 100, 800); // dearer than a curve point may be: only the time budget counts
    expect(dear.untilCurvePoint(800)).toBe(Infinity);
    dear.trained(800, 16);
    expect(dear.due(500, 1600)).toBe(false);
  });

  it('takes the fastest evaluation as its cost, since the first runs cold', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    budget.evaluated(90, 0, 100);
    budget.evaluated(25, 500, 1000);
    budget.evaluated(40, 900, 2000);
    expect(budget.estimatedMs()).toBe(25);
  });
});
