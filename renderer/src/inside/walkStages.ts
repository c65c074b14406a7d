/**
 * The walk-through of one training iteration as a sequence of stages: the
 * forward pass a step at a time, the backward pass a step at a time, then
 * the update. Each stage lists its equations with the numbers filled in, for
 * one hidden unit in focus, and the cells of the weights and the hidden state
 * it touches. Every number is read from the core's trace, its per-step terms
 * and its update; nothing is computed here but the formatting.
 */

import { norm, stepTerms, weightsAfterSgd, type SampleTrace, type VanillaTrace } from '@shared/rnn/inspect';
import { gateWeightNames, weightNames, weightOf, type WeightName, type Weights } from '@shared/rnn/weights';
import type { MatrixMarks } from '../inspect/matrixMarks';
import { gatedBackward, gatedForward } from './gatedWalkStages';
import { f, inputMarks, paren, vector, type WalkLine, type WalkStage } from './walkText';

export type { WalkLine, WalkStage } from './walkText';

/** How many stages the walk-through of a trace has: L forward, L backward, one update. */
export function walkStageCount(trace: SampleTrace): number {
  return 2 * trace.bits + 1;
}

/**
 * Stage `index` of the walk-through of `trace` (computed with `weights`), with
 * hidden unit `j` in focus: forward steps 0 … L−1, backward steps L−1 … 0, the update.
 * One stage at a time, because a backward stage's dV term is H×H.
 */
export function walkStage(trace: SampleTrace, weights: Weights, activation: 'sigmoid' | 'tanh', learningRate: number, j: number, index: number): WalkStage {
  const L = trace.bits;
  if (!Number.isInteger(index) || index < 0 || index >= walkStageCount(trace)) throw new RangeError(`stage must be from 0 to ${walkStageCount(trace) - 1}; got ${index}`);
  if (index === 2 * L) return updateStage(trace, weights, learningRate, j);
  const t = index < L ? index : 2 * L - 1 - index;
  if (trace.cell === 'vanilla') return index < L ? vanillaStages(trace, weights, activation, j).forward(t) : vanillaStages(trace, weights, activation, j).backward(t);
  return index < L ? gatedForward(trace, weights, j, t) : gatedBackward(trace, weights, j, t);
}

/** The vanilla cell's forward and backward stages. */
function vanillaStages(trace: VanillaTrace, weights: Weights, activation: 'sigmoid' | 'tanh', j: number) {
  const H = trace.hiddenSize;
  const U = weightOf(weights, 'U').data, W = weightOf(weights, 'W').data;
  const bh = weights.b_h?.data ?? null, bo = weights.b_o?.data ?? null;
  const fName = activation === 'tanh' ? 'tanh' : 'σ';
  const uMarks = (x: [number, number]): MatrixMarks => inputMarks(x, j);

  const forward = (t: number): WalkStage => {
    const s = trace.steps[t]!;
    const prev = t > 0 ? `h_${t - 1}·V[:, ${j}]` : '0 (h₋₁ = 0)';
    return {
      phase: 'forward',
      t,
      title: `Forward, step ${t}: bit ${t} of ${trace.a} and ${trace.b}`,
      lines: [
        { equation: `x_${t} = [bit ${t} of a, bit ${t} of b]`, numbers: `x_${t} = [${s.x[0]}, ${s.x[1]}]` },
        {
          equation: `pre_${t}[${j}] = x_${t}·U[:, ${j}] + h_${t - 1}·V[:, ${j}]${bh ? ` + b_h[${j}]` : ''}`,
          numbers: `${s.x[0]}·${paren(U[j]!)} + ${s.x[1]}·${paren(U[H + j]!)} + ${prev}${bh ? ` + ${paren(bh[j]!)}` : ''} = ${f(s.preActivation[j]!)}`,
        },
        { equation: `h_${t}[${j}] = ${fName}(pre_${t}[${j}])`, numbers: `${fName}(${f(s.preActivation[j]!)}) = ${f(s.h[j]!)}` },
        { equation: `h_${t}`, numbers: vector(s.h) },
        { equation: `o_${t} = σ(h_${t}·W${bo ? ' + b_o' : ''})`, numbers: `σ(Σ_k h_${t}[k]·W[k]${bo ? ` + ${paren(bo[0]!)}` : ''}) = ${f(s.output)}` },
        { equation: `error = o_${t} − y_${t}`, numbers: `${f(s.output)} − ${s.target} = ${f(s.error)} (predicted bit ${s.output > 0.5 ? 1 : 0}, true bit ${s.target})` },
      ],
      weightMarks: { U: uMarks(s.x), V: { rows: [], cols: t > 0 ? [j] : [] }, W: { rows: [j], cols: [] }, b_h: { rows: [], cols: [j] } },
      hiddenMarks: { rows: [t], cols: [j] },
    };
  };

  const backward = (t: number): WalkStage => {
    const s = trace.steps[t]!;
    const terms = stepTerms(trace, t);
    const fPrime = activation === 'tanh' ? `(1 − ${f(s.h[j]!)}²)` : `${f(s.h[j]!)}·(1 − ${f(s.h[j]!)})`;
    const lines: WalkLine[] = [
      { equation: `d_o = (o_${t} − y_${t})·o_${t}(1 − o_${t})`, numbers: `(${f(s.output)} − ${s.target})·${f(s.output)}·(1 − ${f(s.output)}) = ${f(s.outputDelta)}` },
      { equation: `dW[${j}] += h_${t}[${j}]·d_o`, numbers: `${f(s.h[j]!)}·${paren(s.outputDelta)} = ${f(weightOf(terms, 'W').data[j]!)}` },
      {
        equation: `∂L/∂h_${t}[${j}] = d_o·W[${j}] + (from step ${t + 1})`,
        numbers: `${paren(s.outputDelta)}·${paren(W[j]!)} + ${paren(s.fromLaterSteps[j]!)} = ${f(s.dLdh[j]!)}`,
      },
      { equation: `‖∂L/∂h_${t}‖`, numbers: f(s.dLdhNorm) },
      { equation: `d_hraw[${j}] = ∂L/∂h_${t}[${j}]·${fName}′`, numbers: `${paren(s.dLdh[j]!)}·${fPrime} = ${f(s.hiddenDelta[j]!)}` },
      {
        equation: `dU[:, ${j}] += x_${t}ᵀ·d_hraw[${j}]`,
        numbers: `[${s.x[0]}, ${s.x[1]}]·${paren(s.hiddenDelta[j]!)} = [${f(weightOf(terms, 'U').data[j]!)}, ${f(weightOf(terms, 'U').data[H + j]!)}]; ‖step ${t}’s dU term‖ = ${f(s.dUNorm)}`,
      },
      {
        equation: `dV[:, ${j}] += h_${t - 1}ᵀ·d_hraw[${j}]`,
        numbers: t > 0 ? `column ${j} of the term: ${vector(Array.from({ length: H }, (_, k) => weightOf(terms, 'V').data[k * H + j]!))}; ‖step ${t}’s dV term‖ = ${f(s.dVNorm)}` : 'nothing: h₋₁ = 0',
      },
    ];
    if (bh) lines.push({ equation: `db_h[${j}] += d_hraw[${j}]`, numbers: f(terms.b_h!.data[j]!) });
    if (bo) lines.push({ equation: 'db_o += d_o', numbers: f(terms.b_o!.data[0]!) });
    if (t > 0) lines.push({ equation: `passed to step ${t - 1}: d_hraw·Vᵀ`, numbers: vector(trace.steps[t - 1]!.fromLaterSteps) });
    return {
      phase: 'backward',
      t,
      title: `Backward, step ${t}`,
      lines,
      weightMarks: { U: uMarks(s.x), V: { rows: [], cols: t > 0 ? [j] : [] }, W: { rows: [j], cols: [] }, b_h: { rows: [], cols: [j] } },
      hiddenMarks: { rows: t > 0 ? [t - 1, t] : [t], cols: [j] },
    };
  };

  return { forward, backward };
}

/** The update: plain SGD on this pair's gradient, for every weight's entries in the unit's column (and V's largest there). */
function updateStage(trace: SampleTrace, weights: Weights, learningRate: number, j: number): WalkStage {
  const H = trace.hiddenSize;
  const bias = weights.b_o !== undefined;
  const cell = trace.cell === 'vanilla' ? 'rnn' : trace.cell;
  const next = weightsAfterSgd(weights, trace.gradients, learningRate, { hiddenSize: H, bias, cell });
  const g = trace.gradients;
  const entry = (name: string, w: number, grad: number, now: number): WalkLine => ({
    equation: `${name} −= lr·d${name}`,
    numbers: `${f(w)} − ${f(learningRate)}·${paren(grad)} = ${f(now)}`,
  });
  const at = (name: WeightName, i: number) => [weightOf(weights, name).data[i]!, weightOf(g, name).data[i]!, weightOf(next, name).data[i]!] as const;
  const names = gateWeightNames(cell);
  const matrices = weightNames({ bias, cell }).filter((n) => !n.startsWith('b_'));
  const lines: WalkLine[] = [{ equation: matrices.map((n) => `‖d${n}‖`).join(', '), numbers: matrices.map((n) => f(norm(weightOf(g, n).data))).join(', ') }];
  const weightMarks: Partial<Record<WeightName, MatrixMarks>> = { W: { rows: [j], cols: [] }, b_o: { rows: [0], cols: [] } };
  names.U.forEach((u, q) => {
    const v = names.V[q]!, b = names.b[q]!;
    const gV = weightOf(g, v).data;
    // The entry of V's column in focus with the largest gradient.
    let k = 0;
    for (let i = 1; i < H; i++) if (Math.abs(gV[i * H + j]!) > Math.abs(gV[k * H + j]!)) k = i;
    lines.push(entry(`${u}[0][${j}]`, ...at(u, j)), entry(`${u}[1][${j}]`, ...at(u, H + j)), entry(`${v}[${k}][${j}]`, ...at(v, k * H + j)));
    if (bias) lines.push(entry(`${b}[${j}]`, ...at(b, j)));
    weightMarks[u] = { rows: [], cols: [j] };
    weightMarks[v] = { rows: [k], cols: [j] };
    weightMarks[b] = { rows: [], cols: [j] };
  });
  lines.push(entry(`W[${j}]`, ...at('W', j)));
  if (bias) lines.push(entry('b_o', ...at('b_o', 0)));
  return {
    phase: 'update',
    t: null,
    title: `Update: every weight takes a step of lr = ${f(learningRate)} against its gradient (plain SGD on this one pair)`,
    lines,
    weightMarks,
    hiddenMarks: { rows: [], cols: [] },
  };
}
