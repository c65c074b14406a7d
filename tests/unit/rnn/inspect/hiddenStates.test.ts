import { describe, expect, it } from 'vitest';
import { TrainingLoop, createRandom, initWeights, resolveConfig } from '@shared/rnn';
import { carryAt, cloudPairs, hiddenStateCloud, projectPoints, topTwoComponents, traceSample } from '@shared/rnn/inspect';

describe('hidden states of every pair', () => {
  it('labels each step with the carry out of it', () => {
    for (let a = 0; a < 64; a++) {
      for (let b = 0; b < 64; b++) {
        let carry = 0;
        for (let t = 0; t < 7; t++) {
          carry = ((a >> t) & 1) + ((b >> t) & 1) + carry >= 2 ? 1 : 0;
          expect(carryAt(a, b, t)).toBe(carry);
        }
      }
    }
    expect(carryAt(2 ** 31 - 1, 1, 30)).toBe(1);
    expect(carryAt(2 ** 31 - 1, 1, 31)).toBe(0);
  });

  it('shows every pair while that is affordable, and a bounded fixed sample beyond', () => {
    expect(cloudPairs({ bits: 8, hiddenSize: 16 }).a.length).toBe(16_384);
    const big = cloudPairs({ bits: 16, hiddenSize: 64 });
    expect(big.a.length).toBeLessThanOrEqual(2 ** 21 / (16 * 64));
    expect(big.a.length).toBeLessThanOrEqual(2 ** 25 / (16 * 64 * 64));
    expect(cloudPairs({ bits: 16, hiddenSize: 64 })).toEqual(big);
    expect(cloudPairs({ bits: 32, hiddenSize: 1 }).a.length).toBe(65_536);
  });

  it("projects the core's hidden states h_t on their principal components", () => {
    const config = resolveConfig({ bits: 4, hiddenSize: 3, activation: 'tanh', bias: true, seed: 8 });
    const weights = initWeights(config, createRandom('xoshiro', config.seed));
    const cloud = hiddenStateCloud(weights, config);
    expect(cloud.pairs.a.length).toBe(64);
    expect(cloud.xy.length).toBe(2 * 64 * 4);
    const states = new Float64Array(64 * 4 * 3);
    for (let i = 0; i < 64; i++) {
      const trace = traceSample(weights, config, cloud.pairs.a[i]!, cloud.pairs.b[i]!);
      trace.steps.forEach((s) => states.set(s.h, (i * 4 + s.t) * 3));
      for (let t = 0; t < 4; t++) expect(cloud.carry[i * 4 + t]).toBe(carryAt(cloud.pairs.a[i]!, cloud.pairs.b[i]!, t));
    }
    expect(Array.from(cloud.xy)).toEqual(Array.from(projectPoints(topTwoComponents(states, 256, 3), states, 256)));
  });

  it('separates carry from no carry once the network adds', () => {
    const config = resolveConfig({ bits: 8, hiddenSize: 16, seed: 1, rng: 'numpy' });
    const trainer = new TrainingLoop(config);
    trainer.train(20_000, new Float64Array(20_000));
    const cloud = hiddenStateCloud(trainer.weights(), config);
    // The two classes' centres lie far apart compared with the spread along the first component.
    const centre = (label: number) => {
      let x = 0, y = 0, n = 0;
      cloud.carry.forEach((c, p) => {
        if (c !== label) return;
        x += cloud.xy[2 * p]!;
        y += cloud.xy[2 * p + 1]!;
        n++;
      });
      return [x / n, y / n];
    };
    const [c0, c1] = [centre(0), centre(1)];
    const distance = Math.hypot(c0[0]! - c1[0]!, c0[1]! - c1[1]!);
    expect(distance).toBeGreaterThan(Math.sqrt(cloud.pca.variances[0]));
  });
});
