import { describe, expect, it } from 'vitest';
import { EvaluationBudget } from '../../../shared/trainer/evaluationBudget';
import { config } from './harness';

describe('EvaluationBudget', () => {
  it('has no estimate before any training', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    expect(budget.estimatedMs()).toBeNull();
    expect(budget.due(10_000)).toBe(false);
  });

  it('guesses the first cost from the training speed and the pairs evaluated', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    budget.trained(1000, 10); // 0.01 ms per sample; 16 384 pairs at half a sample's work each
    expect(budget.estimatedMs()).toBeCloseTo(81.92, 10);
    const sampled = new EvaluationBudget(config({ bits: 32, batchSize: 4 }), 0.1, 200);
    sampled.trained(100, 400); // 1 ms per sample; a 10 000-pair sample
    expect(sampled.estimatedMs()).toBeCloseTo(5000, 10);
  });

  it('lets evaluation take at most its share of the time', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    budget.trained(1000, 500);
    budget.evaluated(50, 1000);
    budget.trained(1000, 440);
    expect(budget.due(2000)).toBe(false); // 50 ms of evaluation needs 450 ms of training
    budget.trained(100, 10);
    expect(budget.due(2000)).toBe(true);
  });

  it('waits the minimum interval however cheap evaluation is', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    budget.trained(1000, 100);
    budget.evaluated(0.1, 1000);
    budget.trained(1000, 100);
    expect(budget.due(1150)).toBe(false);
    expect(budget.due(1200)).toBe(true);
  });

  it('calls an evaluation cheap only when it is estimated under 100 ms', () => {
    const budget = new EvaluationBudget(config(), 0.1, 200);
    expect(budget.cheap()).toBe(false);
    budget.trained(10, 1);
    budget.evaluated(99, 0);
    expect(budget.cheap()).toBe(true);
    budget.evaluated(101, 0);
    expect(budget.cheap()).toBe(false);
  });
});
