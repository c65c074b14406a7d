/**
 * The vanilla RNN's kernel in WebAssembly (wasm/rnn.wat): a whole training
 * sample, the derived tables and the SGD step in one module, with the
 * parameters, gradients and buffers in its memory so nothing is copied
 * between iterations. It computes what jsRnnKernel.ts computes, operation for
 * operation, so both give the same bits.
 */

import { createFlatParams, parameterCount, type FlatParams } from '../parameters';
import { bindNetwork, createRnnWasm, type RnnExports, type RnnWasm } from '../wasm/engine';
import { BufferLayout } from './bufferLayout';
import { vanillaForward, vanillaViews } from './jsRnnKernel';
import type { Kernel, NetShape } from './kernel';

export class WasmRnnKernel implements Kernel {
  readonly H: number;
  readonly L: number;
  readonly params: FlatParams;
  readonly grads: FlatParams | null;
  readonly h: Float64Array;
  readonly o: Float64Array;
  readonly c = null;
  readonly tanh: boolean;
  /** x_t·U for the four inputs, as the module's loadWeights leaves it, for forwardSequence. */
  readonly xU: Float64Array;
  private readonly wasm: RnnExports;
  a = 0;
  b = 0;

  /** A kernel over a fresh module instance; null where the host has no WebAssembly SIMD. */
  static create(shape: NetShape, withGradients: boolean): WasmRnnKernel | null {
    const H = shape.hiddenSize, L = shape.bits;
    const n = parameterCount(shape);
    // grads must directly follow params' views' order from U (the module zeroes them as one block).
    const layout = new BufferLayout<'params' | 'grads' | 'h' | 'o' | 'xU' | 'VT' | 'dHraw' | 'future'>()
      .add('params', n)
      .add('grads', withGradients ? n : 0)
      .add('h', (L + 1) * H)
      .add('o', L)
      .add('xU', 4 * H)
      .add('VT', withGradients ? H * H : 0)
      .add('dHraw', L * H)
      .add('future', H);
    const engine = createRnnWasm(layout.doubles);
    if (!engine) return null;
    return new WasmRnnKernel(shape, withGradients, engine, layout.allocate(engine.alloc));
  }

  private constructor(
    shape: NetShape,
    withGradients: boolean,
    private readonly engine: RnnWasm,
    buffers: Record<'params' | 'grads' | 'h' | 'o' | 'xU' | 'VT' | 'dHraw' | 'future', Float64Array>,
  ) {
    const wasm = (this.wasm = engine.exports);
    this.H = shape.hiddenSize;
    this.L = shape.bits;
    this.params = createFlatParams(shape, () => buffers.params);
    this.grads = withGradients ? createFlatParams(shape, () => buffers.grads) : null;
    this.h = buffers.h;
    this.o = buffers.o;
    this.xU = buffers.xU;
    this.tanh = shape.activation === 'tanh';
    bindNetwork(wasm, {
      hiddenSize: this.H, bits: this.L, tanh: shape.activation === 'tanh',
      params: this.params.views, grads: this.grads?.views ?? null,
      h: buffers.h, o: buffers.o, xU: buffers.xU, VT: buffers.VT, dHraw: buffers.dHraw, future: buffers.future,
    });
    this.loadWeights();
  }

  loadWeights(): void {
    this.wasm.loadWeights();
  }

  dispose(): void {
    this.engine.release();
  }

  beginIteration(): void {
    this.wasm.beginIteration();
  }

  forward(a: number, b: number): number {
    this.a = a;
    this.b = b;
    return this.wasm.forward(a, b);
  }

  /** Sequences run in JS over the module's buffers (the same arithmetic as its forward; tests hold both to the same bits). */
  forwardSequence(x: Uint8Array, y: Uint8Array): number {
    return vanillaForward(this, vanillaViews(this.params), x, y);
  }

  backward(): void {
    if (!this.grads) throw new Error('this kernel was built without gradient buffers');
    this.wasm.backward();
  }

  sample(a: number, b: number): number {
    if (!this.grads) throw new Error('this kernel was built without gradient buffers');
    this.a = a;
    this.b = b;
    return this.wasm.sample(a, b);
  }

  sgdStep(lr: number, scale: number): boolean {
    const { params, grads } = this;
    if (!grads) throw new Error('this kernel was built without gradient buffers');
    return this.wasm.sgd(params.flat.byteOffset, grads.flat.byteOffset, params.flat.length, lr, scale) === 1;
  }
}
