/**
 * The walk-through of one training iteration as a sequence of stages: the
 * forward pass a step at a time, the backward pass a step at a time, then
 * the update. Each stage lists its equations with the numbers filled in, for
 * one hidden unit in focus, and the cells of the weights and the hidden state
 * it touches. Every number is read from the core's trace, its per-step terms
 * and its update; nothing is computed here but the formatting.
 */

import { norm, stepTerms, weightsAfterSgd, type SampleTrace } from '@shared/rnn/inspect';
import { weightOf, type WeightName, type Weights } from '@shared/rnn/weights';
import { formatValue } from '../inspect/colorScale';
import type { MatrixMarks } from '../inspect/matrixMarks';

export interface WalkLine {
  /** The equation in symbols. */
  equation: string;
  /** The same with the numbers filled in. */
  numbers: string;
}

export interface WalkStage {
  phase: 'forward' | 'backward' | 'update';
  /** The step, or null for the update. */
  t: number | null;
  title: string;
  lines: WalkLine[];
  /** The cells of each weight this stage reads or changes. */
  weightMarks: Partial<Record<WeightName, MatrixMarks>>;
  /** Rows (steps) and columns (units) of the hidden state it touches. */
  hiddenMarks: MatrixMarks;
}

const f = formatValue;
const paren = (v: number): string => (v < 0 ? `(${f(v)})` : f(v));
const vector = (v: ArrayLike<number>, most = 8): string =>
  `[${Array.from(v).slice(0, most).map(f).join(', ')}${v.length > most ? `, … ${v.length - most} more` : ''}]`;

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
  const H = trace.hiddenSize, L = trace.bits;
  if (!Number.isInteger(index) || index < 0 || index >= walkStageCount(trace)) throw new RangeError(`stage must be from 0 to ${walkStageCount(trace) - 1}; got ${index}`);
  const U = weightOf(weights, 'U').data, V = weightOf(weights, 'V').data, W = weightOf(weights, 'W').data;
  const bh = weights.b_h?.data ?? null, bo = weights.b_o?.data ?? null;
  const fName = activation === 'tanh' ? 'tanh' : 'σ';
  const xRows = (x: [number, number]): number[] => [0, 1].filter((i) => x[i] === 1);
  /** U's rows for the inputs that are 1, and the focus unit's column (nothing when x_t = [0, 0] adds nothing). */
  const uMarks = (x: [number, number]): MatrixMarks => (x[0] || x[1] ? { rows: xRows(x), cols: [j] } : { rows: [], cols: [] });

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

  const update = (): WalkStage => {
    const next = weightsAfterSgd(weights, trace.gradients, learningRate, { hiddenSize: H, bias: bh !== null });
    const g = trace.gradients;
    const gU = weightOf(g, 'U').data, gV = weightOf(g, 'V').data, gW = weightOf(g, 'W').data;
    const nU = weightOf(next, 'U').data, nV = weightOf(next, 'V').data, nW = weightOf(next, 'W').data;
    // The entry of V's column in focus with the largest gradient.
    let k = 0;
    for (let i = 1; i < H; i++) if (Math.abs(gV[i * H + j]!) > Math.abs(gV[k * H + j]!)) k = i;
    const entry = (name: string, w: number, grad: number, now: number): WalkLine => ({
      equation: `${name} −= lr·d${name}`,
      numbers: `${f(w)} − ${f(learningRate)}·${paren(grad)} = ${f(now)}`,
    });
    const lines: WalkLine[] = [
      { equation: '‖dU‖, ‖dV‖, ‖dW‖', numbers: `${f(norm(gU))}, ${f(norm(gV))}, ${f(norm(gW))}` },
      entry(`U[0][${j}]`, U[j]!, gU[j]!, nU[j]!),
      entry(`U[1][${j}]`, U[H + j]!, gU[H + j]!, nU[H + j]!),
      entry(`V[${k}][${j}]`, V[k * H + j]!, gV[k * H + j]!, nV[k * H + j]!),
      entry(`W[${j}]`, W[j]!, gW[j]!, nW[j]!),
    ];
    if (bh) lines.push(entry(`b_h[${j}]`, bh[j]!, g.b_h!.data[j]!, next.b_h!.data[j]!));
    if (bo) lines.push(entry('b_o', bo[0]!, g.b_o!.data[0]!, next.b_o!.data[0]!));
    return {
      phase: 'update',
      t: null,
      title: `Update: every weight takes a step of lr = ${f(learningRate)} against its gradient (plain SGD on this one pair)`,
      lines,
      weightMarks: { U: { rows: [], cols: [j] }, V: { rows: [k], cols: [j] }, W: { rows: [j], cols: [] }, b_h: { rows: [], cols: [j] }, b_o: { rows: [0], cols: [] } },
      hiddenMarks: { rows: [], cols: [] },
    };
  };

  if (index < L) return forward(index);
  if (index < 2 * L) return backward(2 * L - 1 - index);
  return update();
}
