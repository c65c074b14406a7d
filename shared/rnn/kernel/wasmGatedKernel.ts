/**
 * The LSTM's and the GRU's kernel in WebAssembly (wasm/rnn.wat's gated
 * functions): a whole training sample in one call, the derived tables and the
 * SGD step, with the parameters, gradients and buffers in the module's memory
 * so nothing is copied between iterations. It computes what lstmKernel.ts and
 * gruKernel.ts compute, operation for operation, so both give the same bits.
 */

import type { Cell } from '../config';
import { createFlatParams, parameterCount, type FlatParams } from '../parameters';
import { createRnnWasm, type RnnExports, type RnnWasm } from '../wasm/engine';
import { CELL_GATES } from '../weights';
import { BufferLayout } from './bufferLayout';
import type { Kernel, NetShape } from './kernel';

type GatedCell = Exclude<Cell, 'rnn'>;
type Buffer =
  | 'params' | 'grads' | 'h' | 'c' | 'o' | 'xU' | 'VT' | 'gates' | 'aux' | 'pre' | 'dPre' | 'future' | 'carry' | 'dRh'
  | 'xs' | 'ys' | 'tail';

export class WasmGatedKernel implements Kernel {
  readonly H: number;
  readonly L: number;
  readonly params: FlatParams;
  readonly grads: FlatParams | null;
  readonly h: Float64Array;
  readonly c: Float64Array | null;
  readonly o: Float64Array;
  a = 0;
  b = 0;
  /** The module's inputs and targets of the latest pass. */
  private readonly xs: Uint8Array;
  private readonly ys: Uint8Array;
  private readonly runForward: () => number;
  private readonly runStep: (t: number, x: number) => number;
  private readonly runBackward: () => void;
  private readonly runSample: (a: number, b: number) => number;
  private readonly wasm: RnnExports;

  /** A kernel of the cell over a fresh module instance; null where the host has no WebAssembly SIMD. */
  static create(cell: GatedCell, shape: NetShape, withGradients: boolean): WasmGatedKernel | null {
    const H = shape.hiddenSize, L = shape.bits, G = CELL_GATES[cell].length;
    const n = parameterCount({ hiddenSize: H, bias: shape.bias, cell });
    const bytesAsDoubles = Math.ceil(L / 8);
    const layout = new BufferLayout<Buffer>()
      .add('params', n)
      .add('grads', withGradients ? n : 0)
      .add('h', (L + 1) * H)
      .add('c', cell === 'lstm' ? (L + 1) * H : 0)
      .add('o', L)
      .add('xU', 4 * G * H)
      .add('VT', withGradients ? G * H * H : 0)
      .add('gates', L * G * H)
      .add('aux', L * H)
      .add('pre', G * H)
      .add('dPre', withGradients ? G * L * H : 0)
      .add('future', H)
      .add('carry', H)
      .add('dRh', cell === 'gru' ? H : 0)
      .add('xs', bytesAsDoubles)
      .add('ys', bytesAsDoubles)
      // what the second lane of an odd H's last unit reads past the last buffer
      .add('tail', 2);
    const engine = createRnnWasm(layout.doubles);
    if (!engine) return null;
    return new WasmGatedKernel(cell, shape, withGradients, engine, layout.allocate(engine.alloc));
  }

  private constructor(
    cell: GatedCell,
    shape: NetShape,
    withGradients: boolean,
    private readonly engine: RnnWasm,
    buffers: Record<Buffer, Float64Array>,
  ) {
    const wasm = (this.wasm = engine.exports);
    const H = shape.hiddenSize, L = shape.bits;
    const shapeOfParams = { hiddenSize: H, bias: shape.bias, cell };
    this.H = H;
    this.L = L;
    this.params = createFlatParams(shapeOfParams, () => buffers.params);
    this.grads = withGradients ? createFlatParams(shapeOfParams, () => buffers.grads) : null;
    this.h = buffers.h;
    this.c = cell === 'lstm' ? buffers.c : null;
    this.o = buffers.o;
    this.xs = new Uint8Array(buffers.xs.buffer, buffers.xs.byteOffset, L);
    this.ys = new Uint8Array(buffers.ys.buffer, buffers.ys.byteOffset, L);
    const lstm = cell === 'lstm';
    this.runForward = lstm ? wasm.lstmForward : wasm.gruForward;
    this.runStep = lstm ? wasm.lstmStep : wasm.gruStep;
    this.runBackward = lstm ? wasm.lstmBackward : wasm.gruBackward;
    this.runSample = lstm ? wasm.lstmSample : wasm.gruSample;
    const at = (name: Buffer): number => buffers[name].byteOffset;
    wasm.bindGated(
      H, L, CELL_GATES[cell].length, shape.bias ? 1 : 0, at('params'), withGradients ? at('grads') : 0,
      at('h'), lstm ? at('c') : 0, at('o'), at('xU'), at('VT'), at('gates'), at('aux'),
      at('pre'), at('dPre'), at('future'), at('carry'), lstm ? 0 : at('dRh'), at('xs'), at('ys'),
    );
    this.loadWeights();
  }

  loadWeights(): void {
    this.wasm.gatedLoadWeights();
  }

  dispose(): void {
    this.engine.release();
  }

  beginIteration(): void {
    this.wasm.gatedBeginIteration();
  }

  forward(a: number, b: number): number {
    this.a = a;
    this.b = b;
    this.wasm.pairSequence(a, b);
    return this.runForward();
  }

  forwardSequence(x: Uint8Array, y: Uint8Array): number {
    this.xs.set(x.subarray(0, this.L));
    this.ys.set(y.subarray(0, this.L));
    return this.runForward();
  }

  /** One time step, as GatedKernel's step: row t + 1 of the states from row t and the input xt; returns o_t. */
  step(t: number, xt: number): number {
    return this.runStep(t, xt);
  }

  backward(): void {
    if (!this.grads) throw new Error('this kernel was built without gradient buffers');
    this.runBackward();
  }

  sample(a: number, b: number): number {
    if (!this.grads) throw new Error('this kernel was built without gradient buffers');
    this.a = a;
    this.b = b;
    return this.runSample(a, b);
  }

  sgdStep(lr: number, scale: number): boolean {
    const { params, grads } = this;
    if (!grads) throw new Error('this kernel was built without gradient buffers');
    return this.wasm.sgd(params.flat.byteOffset, grads.flat.byteOffset, params.flat.length, lr, scale) === 1;
  }
}
