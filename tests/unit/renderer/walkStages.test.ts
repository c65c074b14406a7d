import { describe, expect, it } from 'vitest';
import { createRandom, initWeights, resolveConfig } from '@shared/rnn';
import { stepTerms, traceSample, weightsAfterSgd, type VanillaTrace } from '@shared/rnn/inspect';
import { formatValue } from '@/inspect/colorScale';
import { walkStage, walkStageCount } from '@/inside/walkStages';

describe('the walk-through of one training iteration', () => {
  const config = resolveConfig({ bits: 5, hiddenSize: 4, activation: 'tanh', bias: true, seed: 6, learningRate: 0.5 });
  const weights = initWeights(config, createRandom('xoshiro', config.seed));
  for (const b of [weights.b_h!, weights.b_o!]) b.data.fill(0.25);
  const trace = traceSample(weights, config, 13, 6) as VanillaTrace; // 13 = 01101, 6 = 00110
  const j = 2;
  const stages = Array.from({ length: walkStageCount(trace) }, (_, i) => walkStage(trace, weights, 'tanh', config.learningRate, j, i));

  it('goes forward step by step, back step by step, then updates', () => {
    expect(stages.map((s) => `${s.phase}${s.t ?? ''}`)).toEqual(['forward0', 'forward1', 'forward2', 'forward3', 'forward4', 'backward4', 'backward3', 'backward2', 'backward1', 'backward0', 'update']);
    expect(() => walkStage(trace, weights, 'tanh', config.learningRate, j, 11)).toThrow('stage must be from 0 to 10; got 11');
  });

  it("fills in the core's numbers for the unit in focus", () => {
    const forward1 = stages[1]!, s1 = trace.steps[1]!;
    const text = forward1.lines.map((l) => l.numbers).join('\n');
    expect(text).toContain('x_1 = [0, 1]');
    expect(text).toContain(`= ${formatValue(s1.preActivation[j]!)}`);
    expect(text).toContain(`tanh(${formatValue(s1.preActivation[j]!)}) = ${formatValue(s1.h[j]!)}`);
    expect(text).toContain(`${formatValue(s1.output)} − ${s1.target} = ${formatValue(s1.error)}`);

    const backward3 = stages[6]!, s3 = trace.steps[3]!;
    const back = backward3.lines.map((l) => l.numbers).join('\n');
    expect(back).toContain(`= ${formatValue(s3.outputDelta)}`);
    expect(back).toContain(`= ${formatValue(s3.dLdh[j]!)}`);
    expect(back).toContain(`= ${formatValue(s3.hiddenDelta[j]!)}`);
    expect(back).toContain(`‖step 3’s dV term‖ = ${formatValue(s3.dVNorm)}`);
    expect(back).toContain(formatValue(stepTerms(trace, 3).W!.data[j]!));

    const update = stages[10]!.lines.map((l) => l.numbers).join('\n');
    const next = weightsAfterSgd(weights, trace.gradients, config.learningRate, config);
    expect(update).toContain(`= ${formatValue(next.W!.data[j]!)}`);
    expect(update).toContain(`= ${formatValue(next.b_o!.data[0]!)}`);
  });

  it('outlines what each stage touches: the inputs that are 1, the unit in focus, the step', () => {
    const forward0 = stages[0]!; // x_0 = [1, 0]
    expect(forward0.weightMarks.U).toEqual({ rows: [0], cols: [j] });
    expect(forward0.weightMarks.V).toEqual({ rows: [], cols: [] }); // h_{−1} = 0: V plays no part
    expect(forward0.hiddenMarks).toEqual({ rows: [0], cols: [j] });
    const forward2 = stages[2]!; // x_2 = [1, 1]
    expect(forward2.weightMarks.U).toEqual({ rows: [0, 1], cols: [j] });
    expect(forward2.weightMarks.V).toEqual({ rows: [], cols: [j] });
    expect(stages[7]!.hiddenMarks).toEqual({ rows: [1, 2], cols: [j] });
    expect(stages[4]!.weightMarks.U).toEqual({ rows: [], cols: [] }); // x_4 = [0, 0]: U adds nothing
  });
});

describe('the walk-through of a gated cell', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    const config = resolveConfig({ cell, bits: 4, hiddenSize: 3, bias: true, seed: 2, learningRate: 0.3 });
    const weights = initWeights(config, createRandom('xoshiro', config.seed));
    const trace = traceSample(weights, config, 5, 2);
    if (trace.cell === 'vanilla') throw new Error('a gated trace');
    const j = 1;
    const stages = Array.from({ length: walkStageCount(trace) }, (_, i) => walkStage(trace, weights, 'sigmoid', config.learningRate, j, i));
    const text = (i: number) => stages[i]!.lines.map((l) => `${l.equation} ${l.numbers}`).join('\n');

    it(`${cell}: every gate's equation with the core's numbers, forward and back, then the update of every gate's weights`, () => {
      expect(stages.map((s) => `${s.phase}${s.t ?? ''}`)).toEqual(['forward0', 'forward1', 'forward2', 'forward3', 'backward3', 'backward2', 'backward1', 'backward0', 'update']);
      const s2 = trace.steps[2]!;
      for (const [g, gate] of Object.entries(s2.gates)) {
        expect(text(2)).toContain(`= ${formatValue(gate.preActivation[j]!)}`);
        expect(text(2)).toContain(`= ${formatValue(gate.value[j]!)}`);
        expect(text(5)).toContain(`‖dU_${g} term‖ = ${formatValue(gate.dUNorm)}`);
        expect(text(5)).toContain(formatValue(gate.delta[j]!));
      }
      expect(text(2)).toContain(`= ${formatValue(s2.h[j]!)}`);
      if (trace.cell === 'lstm') expect(text(2)).toContain(`= ${formatValue(trace.steps[2]!.c[j]!)}`);
      else expect(text(2)).toContain(`= ${formatValue(trace.steps[2]!.resetHidden[j]!)}`);
      expect(text(5)).toContain(`= ${formatValue(s2.dLdh[j]!)}`);
      const next = weightsAfterSgd(weights, trace.gradients, config.learningRate, config);
      for (const name of Object.keys(s2.gates).map((g) => `U_${g}` as 'U')) expect(text(8)).toContain(`= ${formatValue(next[name]!.data[j]!)}`);
    });

    it(`${cell}: outlines every gate's weights the stage touches`, () => {
      const forward0 = stages[0]!; // x_0 = [1, 0]
      for (const g of Object.keys(trace.steps[0]!.gates)) {
        expect(forward0.weightMarks[`U_${g}` as 'U']).toEqual({ rows: [0], cols: [j] });
        expect(forward0.weightMarks[`V_${g}` as 'V']).toEqual({ rows: [], cols: [] });
        expect(stages[1]!.weightMarks[`V_${g}` as 'V']).toEqual({ rows: [], cols: [j] });
      }
    });
  }
});
