/**
 * A deliberately plain float64 forward pass written from ALGORITHM.md, used as
 * an oracle that shares no code with the exporters or the RNN core.
 */

import type { Model } from '../../../shared/model-file/model';

/** The output o_t for each step, least significant bit first. */
export function naiveOutputs(model: Model, a: number, b: number): number[] {
  const { config, weights } = model;
  const H = config.hiddenSize;
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const f = config.activation === 'tanh' ? Math.tanh : sigmoid;
  const at = (t: { shape: [number, number]; data: Float64Array }, r: number, c: number) => t.data[r * t.shape[1] + c]!;
  let h = new Array<number>(H).fill(0);
  const outputs: number[] = [];
  for (let t = 0; t < config.bits; t++) {
    const x = [(a >> t) & 1, (b >> t) & 1];
    const next: number[] = [];
    for (let j = 0; j < H; j++) {
      let z = weights.b_h ? at(weights.b_h, 0, j) : 0;
      for (let i = 0; i < 2; i++) z += x[i]! * at(weights.U, i, j);
      for (let k = 0; k < H; k++) z += h[k]! * at(weights.V, k, j);
      next.push(f(z));
    }
    h = next;
    let o = weights.b_o ? at(weights.b_o, 0, 0) : 0;
    for (let k = 0; k < H; k++) o += h[k]! * at(weights.W, k, 0);
    outputs.push(sigmoid(o));
  }
  return outputs;
}

/** The predicted sum: bit t is 1 when o_t > 0.5. */
export function sumFromOutputs(outputs: readonly number[]): number {
  return outputs.reduce((sum, o, t) => sum + (o > 0.5 ? 2 ** t : 0), 0);
}
