/**
 * The walk-through's stages for the LSTM and the GRU: each gate's equation
 * with the numbers filled in for the unit in focus, forward a step at a
 * time, then back. Every number is read from the core's trace and its
 * per-step terms (shared/rnn/inspect); nothing is computed here but the text.
 */

import { stepTerms, type GateTrace, type GruTrace, type LstmTrace } from '@shared/rnn/inspect';
import { gateWeightNames, weightOf, type WeightName, type Weights } from '@shared/rnn/weights';
import type { MatrixMarks } from '../inspect/matrixMarks';
import { f, inputMarks, paren, vector, type WalkLine, type WalkStage } from './walkText';

/** h_{t−1} (or c_{t−1}) as the equations write it: h₋₁ before the first step. */
const before = (v: 'h' | 'c', t: number): string => (t > 0 ? `${v}_${t - 1}` : `${v}₋₁`);

/** The gates' names as the equations write them. */
const GATE_SYMBOLS: Record<string, string> = { i: 'i', o: 'o', f: 'f', c: 'c̃', z: 'z', r: 'r', h: 'h̃' };
const GATE_ROLES: Record<string, string> = { i: 'input gate', o: 'output gate', f: 'forget gate', c: 'candidate', z: 'update gate', r: 'reset gate', h: 'candidate' };

/** The marks of a step on every gate's weights: U_g where the inputs are 1, V_g's column when there is a state before, W and the biases. */
function stepMarks(trace: LstmTrace | GruTrace, x: [number, number], t: number, j: number): Partial<Record<WeightName, MatrixMarks>> {
  const names = gateWeightNames(trace.cell);
  const marks: Partial<Record<WeightName, MatrixMarks>> = { W: { rows: [j], cols: [] } };
  names.U.forEach((u, q) => {
    marks[u] = inputMarks(x, j);
    marks[names.V[q]!] = { rows: [], cols: t > 0 ? [j] : [] };
    marks[names.b[q]!] = { rows: [], cols: [j] };
  });
  return marks;
}

/** pre_g[j] = x·U_g + s·V_g + b, and the gate's value, for one gate. */
function gateLines(weights: Weights, trace: LstmTrace | GruTrace, g: number, gate: GateTrace, t: number, j: number, state: string): WalkLine[] {
  const H = trace.hiddenSize;
  const names = gateWeightNames(trace.cell);
  const letter = Object.keys(trace.steps[t]!.gates)[g]!;
  const symbol = GATE_SYMBOLS[letter]!;
  const U = weightOf(weights, names.U[g]!).data, b = weights[names.b[g]!]?.data;
  const x = trace.steps[t]!.x;
  const read = t > 0 ? `${state}·${names.V[g]}[:, ${j}]` : `0 (${state} = 0 before step 0)`;
  const squash = letter === 'c' || letter === 'h' ? 'tanh' : 'σ';
  return [
    {
      equation: `pre_${symbol}[${j}] = x_${t}·${names.U[g]}[:, ${j}] + ${state}·${names.V[g]}[:, ${j}]${b ? ` + ${names.b[g]}[${j}]` : ''}`,
      numbers: `${x[0]}·${paren(U[j]!)} + ${x[1]}·${paren(U[H + j]!)} + ${read}${b ? ` + ${paren(b[j]!)}` : ''} = ${f(gate.preActivation[j]!)}`,
    },
    { equation: `${symbol}_${t}[${j}] = ${squash}(pre_${symbol}[${j}]) (${GATE_ROLES[letter]})`, numbers: `${squash}(${f(gate.preActivation[j]!)}) = ${f(gate.value[j]!)}` },
  ];
}

function outputLines(trace: LstmTrace | GruTrace, weights: Weights, t: number): WalkLine[] {
  const s = trace.steps[t]!;
  const bo = weights.b_o?.data ?? null;
  return [
    { equation: `h_${t}`, numbers: vector(s.h) },
    { equation: `o_${t} = σ(h_${t}·W${bo ? ' + b_o' : ''})`, numbers: `σ(Σ_k h_${t}[k]·W[k]${bo ? ` + ${paren(bo[0]!)}` : ''}) = ${f(s.output)}` },
    { equation: `error = o_${t} − y_${t}`, numbers: `${f(s.output)} − ${s.target} = ${f(s.error)} (predicted bit ${s.output > 0.5 ? 1 : 0}, true bit ${s.target})` },
  ];
}

/** Forward, step t, for the unit in focus: every gate, the cell's state, h_t and the output. */
export function gatedForward(trace: LstmTrace | GruTrace, weights: Weights, j: number, t: number): WalkStage {
  const s = trace.steps[t]!;
  const lines: WalkLine[] = [{ equation: `x_${t} = [bit ${t} of a, bit ${t} of b]`, numbers: `x_${t} = [${s.x[0]}, ${s.x[1]}]` }];
  const prev = before('h', t);
  if (trace.cell === 'lstm') {
    const step = trace.steps[t]!;
    const { i, o, f: forget, c } = step.gates;
    [i, o, forget, c].forEach((gate, g) => lines.push(...gateLines(weights, trace, g, gate, t, j, prev)));
    const cPrev = t > 0 ? trace.steps[t - 1]!.c[j]! : 0;
    lines.push(
      { equation: `c_${t}[${j}] = f·${before('c', t)}[${j}] + i·c̃`, numbers: `${f(forget.value[j]!)}·${paren(cPrev)} + ${f(i.value[j]!)}·${paren(c.value[j]!)} = ${f(step.c[j]!)}` },
      { equation: `h_${t}[${j}] = o·tanh(c_${t}[${j}])`, numbers: `${f(o.value[j]!)}·tanh(${f(step.c[j]!)}) = ${f(o.value[j]!)}·${paren(step.tanhC[j]!)} = ${f(step.h[j]!)}` },
    );
  } else {
    const step = trace.steps[t]!;
    const { z, r, h } = step.gates;
    lines.push(...gateLines(weights, trace, 0, z, t, j, prev), ...gateLines(weights, trace, 1, r, t, j, prev));
    const hPrev = t > 0 ? trace.steps[t - 1]!.h[j]! : 0;
    lines.push(
      { equation: `(r ⊙ ${before('h', t)})[${j}]`, numbers: t > 0 ? `${f(r.value[j]!)}·${paren(hPrev)} = ${f(step.resetHidden[j]!)}` : '0 (h₋₁ = 0)' },
      ...gateLines(weights, trace, 2, h, t, j, `(r ⊙ ${before('h', t)})`),
      { equation: `h_${t}[${j}] = (1 − z)·h̃ + z·${before('h', t)}[${j}]`, numbers: `(1 − ${f(z.value[j]!)})·${paren(h.value[j]!)} + ${f(z.value[j]!)}·${paren(hPrev)} = ${f(step.h[j]!)}` },
    );
  }
  lines.push(...outputLines(trace, weights, t));
  return {
    phase: 'forward',
    t,
    title: `Forward, step ${t}: bit ${t} of ${trace.a} and ${trace.b} through the ${trace.cell.toUpperCase()}'s gates`,
    lines,
    weightMarks: stepMarks(trace, s.x, t, j),
    hiddenMarks: { rows: [t], cols: [j] },
  };
}

/** Backward, step t, for the unit in focus: the output's delta, what reaches h_t (and c_t), each gate's delta and its terms. */
export function gatedBackward(trace: LstmTrace | GruTrace, weights: Weights, j: number, t: number): WalkStage {
  const s = trace.steps[t]!;
  const terms = stepTerms(trace, t);
  const W = weightOf(weights, 'W').data;
  const names = gateWeightNames(trace.cell);
  const lines: WalkLine[] = [
    { equation: `d_o = (o_${t} − y_${t})·o_${t}(1 − o_${t})`, numbers: `(${f(s.output)} − ${s.target})·${f(s.output)}·(1 − ${f(s.output)}) = ${f(s.outputDelta)}` },
    { equation: `dW[${j}] += h_${t}[${j}]·d_o`, numbers: `${f(s.h[j]!)}·${paren(s.outputDelta)} = ${f(weightOf(terms, 'W').data[j]!)}` },
    { equation: `∂L/∂h_${t}[${j}] = d_o·W[${j}] + (from step ${t + 1})`, numbers: `${paren(s.outputDelta)}·${paren(W[j]!)} + ${paren(s.fromLaterSteps[j]!)} = ${f(s.dLdh[j]!)}` },
    { equation: `‖∂L/∂h_${t}‖`, numbers: f(s.dLdhNorm) },
  ];
  const dh = paren(s.dLdh[j]!);
  if (trace.cell === 'lstm') {
    const step = trace.steps[t]!;
    const { i, o, f: forget, c } = step.gates;
    const cPrev = t > 0 ? trace.steps[t - 1]!.c[j]! : 0;
    const dc = paren(step.dLdc[j]!);
    lines.push(
      { equation: `∂L/∂c_${t}[${j}] = ∂L/∂h·o·(1 − tanh²c_${t}) + (from c_${t + 1})`, numbers: `${dh}·${f(o.value[j]!)}·(1 − ${paren(step.tanhC[j]!)}²) + ${paren(step.fromLaterC[j]!)} = ${f(step.dLdc[j]!)}` },
      { equation: `δ_i[${j}] = ∂L/∂c·c̃·i(1 − i)`, numbers: `${dc}·${paren(c.value[j]!)}·${f(i.value[j]!)}·(1 − ${f(i.value[j]!)}) = ${f(i.delta[j]!)}` },
      { equation: `δ_o[${j}] = ∂L/∂h·tanh c·o(1 − o)`, numbers: `${dh}·${paren(step.tanhC[j]!)}·${f(o.value[j]!)}·(1 − ${f(o.value[j]!)}) = ${f(o.delta[j]!)}` },
      { equation: `δ_f[${j}] = ∂L/∂c·${before('c', t)}·f(1 − f)`, numbers: `${dc}·${paren(cPrev)}·${f(forget.value[j]!)}·(1 − ${f(forget.value[j]!)}) = ${f(forget.delta[j]!)}` },
      { equation: `δ_c̃[${j}] = ∂L/∂c·i·(1 − c̃²)`, numbers: `${dc}·${f(i.value[j]!)}·(1 − ${paren(c.value[j]!)}²) = ${f(c.delta[j]!)}` },
    );
  } else {
    const step = trace.steps[t]!;
    const { z, r, h } = step.gates;
    const hPrev = t > 0 ? trace.steps[t - 1]!.h[j]! : 0;
    lines.push(
      { equation: `δ_z[${j}] = ∂L/∂h·(${before('h', t)} − h̃)·z(1 − z)`, numbers: `${dh}·(${paren(hPrev)} − ${paren(h.value[j]!)})·${f(z.value[j]!)}·(1 − ${f(z.value[j]!)}) = ${f(z.delta[j]!)}` },
      { equation: `δ_h̃[${j}] = ∂L/∂h·(1 − z)·(1 − h̃²)`, numbers: `${dh}·(1 − ${f(z.value[j]!)})·(1 − ${paren(h.value[j]!)}²) = ${f(h.delta[j]!)}` },
      {
        equation: `δ_r[${j}] = (δ_h̃·V_hᵀ)[${j}]·${before('h', t)}[${j}]·r(1 − r)`,
        numbers: t > 0 ? `${paren(step.dResetHidden[j]!)}·${paren(hPrev)}·${f(r.value[j]!)}·(1 − ${f(r.value[j]!)}) = ${f(r.delta[j]!)}` : 'nothing: h₋₁ = 0',
      },
    );
  }
  (Object.values(s.gates) as GateTrace[]).forEach((gate, q) => {
    const u = weightOf(terms, names.U[q]!).data;
    lines.push({
      equation: `d${names.U[q]}[:, ${j}] += x_${t}ᵀ·δ, d${names.V[q]}: ‖terms‖`,
      numbers: `[${s.x[0]}, ${s.x[1]}]·${paren(gate.delta[j]!)} = [${f(u[j]!)}, ${f(u[trace.hiddenSize + j]!)}]; ‖d${names.U[q]} term‖ = ${f(gate.dUNorm)}, ‖d${names.V[q]} term‖ = ${f(gate.dVNorm)}`,
    });
  });
  if (t > 0) lines.push({ equation: `passed to step ${t - 1}: ∂L/∂h_${t - 1} − d_o·Wᵀ`, numbers: vector(trace.steps[t - 1]!.fromLaterSteps) });
  return {
    phase: 'backward',
    t,
    title: `Backward, step ${t}: through each gate of the ${trace.cell.toUpperCase()}`,
    lines,
    weightMarks: stepMarks(trace, s.x, t, j),
    hiddenMarks: { rows: t > 0 ? [t - 1, t] : [t], cols: [j] },
  };
}
