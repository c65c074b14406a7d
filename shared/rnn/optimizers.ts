/**
 * Parameter updates over one flat array. Each step reads the gradient scaled
 * by `scale` (1, or the clipping factor), updates the parameters in place and
 * returns whether every updated parameter is finite, so the trainer can undo
 * a step that overflowed. (w − w is 0 for a finite w and NaN otherwise.)
 */

import type { Optimizer as OptimizerKind } from './config';
import type { OptimizerState } from './trainerState';

export interface Optimizer {
  step(params: Float64Array, grads: Float64Array, lr: number, scale: number): boolean;
  /** A copy of what the optimiser remembers between steps. */
  state(): OptimizerState;
  /** Takes back a saved memory of the same kind and size (checked by checkOptimizerState first). */
  restore(state: OptimizerState): void;
}

/**
 * The SGD update w −= lr·(scale·g) over two arrays, in JavaScript (kernels in
 * WebAssembly run the same arithmetic in their memory); true when every
 * updated weight is finite.
 */
export function sgdUpdate(params: Float64Array, grads: Float64Array, lr: number, scale: number): boolean {
  const n = params.length;
  let check0 = 0, check1 = 0; // w·0 is 0 for a finite w and NaN otherwise
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const w0 = params[i]! - lr * (scale * grads[i]!);
    const w1 = params[i + 1]! - lr * (scale * grads[i + 1]!);
    params[i] = w0;
    params[i + 1] = w1;
    check0 += w0 * 0;
    check1 += w1 * 0;
  }
  if (i < n) {
    const w = params[i]! - lr * (scale * grads[i]!);
    params[i] = w;
    check0 += w * 0;
  }
  return check0 + check1 === 0;
}

/** Plain SGD, the reference: w −= lr·g, run by the kernel that holds the parameters. */
export class Sgd implements Optimizer {
  constructor(private readonly kernel: { sgdStep(lr: number, scale: number): boolean }) {}

  step(_params: Float64Array, _grads: Float64Array, lr: number, scale: number): boolean {
    return this.kernel.sgdStep(lr, scale);
  }

  state(): OptimizerState {
    return { kind: 'sgd' };
  }

  restore(state: OptimizerState): void {
    expectKind(state, 'sgd');
  }
}

export const MOMENTUM = 0.9;

/** Heavy-ball momentum: v = 0.9·v + g; w −= lr·v. */
export class Momentum implements Optimizer {
  private readonly velocity: Float64Array;
  constructor(size: number) {
    this.velocity = new Float64Array(size);
  }
  step(params: Float64Array, grads: Float64Array, lr: number, scale: number): boolean {
    const v = this.velocity;
    let finite = true;
    for (let i = 0; i < params.length; i++) {
      const vi = MOMENTUM * v[i]! + scale * grads[i]!;
      v[i] = vi;
      const w = params[i]! - lr * vi;
      params[i] = w;
      if (w - w !== 0) finite = false;
    }
    return finite;
  }

  state(): OptimizerState {
    return { kind: 'momentum', velocity: new Float64Array(this.velocity) };
  }

  restore(state: OptimizerState): void {
    this.velocity.set(expectKind(state, 'momentum').velocity);
  }
}

/**
 * base^n for a whole n ≥ 0 by squaring: plain multiplications, so every engine
 * gives the same bits. (Math.pow and ** are not required to be correctly
 * rounded, and Node's and Chromium's V8 versions differ in the last bit.)
 */
export function powerOf(base: number, n: number): number {
  let result = 1;
  let square = base;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result *= square;
    square *= square;
  }
  return result;
}

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

/** Adam (Kingma & Ba) with bias-corrected first and second moments. */
export class Adam implements Optimizer {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: Float64Array, grads: Float64Array, lr: number, scale: number): boolean {
    const { m, v } = this;
    this.t++;
    const correction1 = 1 - powerOf(ADAM_BETA1, this.t);
    const correction2 = 1 - powerOf(ADAM_BETA2, this.t);
    let finite = true;
    for (let i = 0; i < params.length; i++) {
      const gi = scale * grads[i]!;
      const mi = ADAM_BETA1 * m[i]! + (1 - ADAM_BETA1) * gi;
      const vi = ADAM_BETA2 * v[i]! + (1 - ADAM_BETA2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      const w = params[i]! - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + ADAM_EPSILON);
      params[i] = w;
      if (w - w !== 0) finite = false;
    }
    return finite;
  }

  state(): OptimizerState {
    return { kind: 'adam', m: new Float64Array(this.m), v: new Float64Array(this.v), t: this.t };
  }

  restore(state: OptimizerState): void {
    const adam = expectKind(state, 'adam');
    this.m.set(adam.m);
    this.v.set(adam.v);
    this.t = adam.t;
  }
}

function expectKind<K extends OptimizerState['kind']>(state: OptimizerState, kind: K): Extract<OptimizerState, { kind: K }> {
  if (state.kind !== kind) throw new RangeError(`cannot restore a ${state.kind} state into ${kind}`);
  return state as Extract<OptimizerState, { kind: K }>;
}

/** An optimiser for the kernel's parameters; plain SGD runs in the kernel itself. */
export function createOptimizer(kind: OptimizerKind, kernel: { readonly params: { flat: Float64Array }; sgdStep(lr: number, scale: number): boolean }): Optimizer {
  const size = kernel.params.flat.length;
  switch (kind) {
    case 'sgd':
      return new Sgd(kernel);
    case 'momentum':
      return new Momentum(size);
    case 'adam':
      return new Adam(size);
  }
}
