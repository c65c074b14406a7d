/**
 * Loads rnn.wat's module (from the bytes in rnnWasm.ts) over a fresh memory.
 * Callers lay out their buffers with `alloc` — a bump allocator over one
 * memory sized up front, so it never grows and the views never detach — and
 * pass byte offsets (`view.byteOffset`) to the module's functions.
 *
 * When WebAssembly, its SIMD or its bulk-memory operations are missing,
 * createRnnWasm returns null and callers run their JS code instead, which
 * gives the same bits.
 */

import { POW2_FRACTION } from '../expTable';
import type { ParamViews } from '../parameters';
import { platform, type PlatformGlobals } from '../../platform';
import { RNN_WASM_BASE64 } from './rnnWasm';

/** The module's functions; every pointer is a byte offset into its memory. */
export interface RnnExports {
  /** Sets the network the other functions work on: its sizes, flags and buffers (0 for a buffer not there). */
  bind(
    H: number, L: number, tanh: number, bias: number,
    U: number, V: number, W: number, bh: number, bo: number,
    grads: number, gU: number, gV: number, gW: number, gbh: number, gbo: number,
    h: number, o: number, xU: number, VT: number, dHraw: number, future: number,
  ): void;
  /** Writes the module's constants after the exp table (see rnn.wat). */
  init(): void;
  /** As kernel/matrixLoops.ts vecMat. */
  vecMat(x: number, M: number, n: number, out: number): void;
  /** As kernel/matrixLoops.ts addOuterProducts; needs last ≥ first. */
  addOuterProducts(M: number, A: number, B: number, n: number, first: number, last: number): void;
  /** optimizers.ts Sgd's step on n parameters; 1 when every updated one is finite. */
  sgd(w: number, g: number, n: number, lr: number, scale: number): number;
  /** x·U for the four inputs, and Vᵀ when there are gradients. */
  loadWeights(): void;
  /** One pair forward; returns its L1 loss. */
  forward(a: number, b: number): number;
  /** BPTT for the latest forward pass, added into the gradients. */
  backward(): void;
  /** forward then backward; returns the loss. */
  sample(a: number, b: number): number;
  /** Zeroes the gradients (which must be one block from gU) and calls loadWeights. */
  beginIteration(): void;
  /**
   * Scores every pair into loss (f64 per pair) and right (a byte per pair), at
   * index a·2^(L−1) + b; hv (L×H), h (4L×H), os (4L) and leaf (8H + 4) are scratch.
   */
  allPairs(hv: number, h: number, os: number, leaf: number, loss: number, right: number): void;
  /**
   * Sets the gated network (G = 4 gates for the LSTM, 3 for the GRU) the gated
   * functions work on: params and grads (0: none) are flat, in weights.ts's order;
   * see rnn.wat for the other buffers (0 for cs with the GRU, dRh with the LSTM).
   */
  bindGated(
    H: number, L: number, G: number, bias: number, params: number, grads: number,
    h: number, cs: number, o: number, xU: number, VT: number, gates: number, aux: number,
    pre: number, dPre: number, future: number, carry: number, dRh: number, xs: number, ys: number,
  ): void;
  /** x·U_g for the four inputs, and each V_gᵀ when there are gradients. */
  gatedLoadWeights(): void;
  /** Zeroes the gradients and calls gatedLoadWeights. */
  gatedBeginIteration(): void;
  /** Writes the pair's inputs and targets into xs and ys. */
  pairSequence(a: number, b: number): void;
  /** The sequence in xs, ys forward; returns its L1 loss. */
  lstmForward(): number;
  gruForward(): number;
  /** Step t with input x (row t + 1 of the states from row t); returns o_t. */
  lstmStep(t: number, x: number): number;
  gruStep(t: number, x: number): number;
  /** BPTT for the latest forward pass, added into the gradients. */
  lstmBackward(): void;
  gruBackward(): void;
  /** pairSequence, forward, backward; returns the loss. */
  lstmSample(a: number, b: number): number;
  gruSample(a: number, b: number): number;
}

export interface RnnWasm {
  /** A zeroed Float64Array of `length` in the module's memory. */
  alloc(length: number): Float64Array<ArrayBuffer>;
  readonly exports: RnnExports;
  /** The memory's buffer, which `alloc`'s views share. */
  readonly buffer: ArrayBuffer;
  /** Gives the module back for a later createRnnWasm of its size: neither it nor any view it gave out may be used after. */
  release(): void;
}

/** Doubles at the start of the memory that the module keeps for itself: the exp table, then 13 vector constants. */
const RESERVED = POW2_FRACTION.length + 2 * 13;

/** The network bind() points the module at: its shape and its buffers in the module's memory. */
export interface BoundNetwork {
  hiddenSize: number;
  bits: number;
  tanh: boolean;
  params: ParamViews;
  /** Gradients, for training; their arrays must follow one another from U (a FlatParams). */
  grads?: ParamViews | null;
  /** Buffers only some functions use (see rnn.wat); left out, they are not there. */
  h?: Float64Array;
  o?: Float64Array;
  xU: Float64Array;
  VT?: Float64Array;
  dHraw?: Float64Array;
  future?: Float64Array;
}

/** Calls the module's bind with the byte offsets of a network's buffers (0 for one not there). */
export function bindNetwork(exports: RnnExports, n: BoundNetwork): void {
  const at = (v: Float64Array | null | undefined): number => (v ? v.byteOffset : 0);
  const { params: p, grads: g } = n;
  exports.bind(
    n.hiddenSize, n.bits, n.tanh ? 1 : 0, p.b_h ? 1 : 0,
    at(p.U), at(p.V), at(p.W), at(p.b_h), at(p.b_o),
    g ? 1 : 0, at(g?.U), at(g?.V), at(g?.W), at(g?.b_h), at(g?.b_o),
    at(n.h), at(n.o), at(n.xU), at(n.VT), at(n.dHraw), at(n.future),
  );
}

function decodeBase64(text: string): Uint8Array {
  const binary = platform.atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

let compiled: object | null | undefined;

function compiledModule(api: NonNullable<PlatformGlobals['WebAssembly']>): object | null {
  if (compiled === undefined) {
    try {
      const bytes = decodeBase64(RNN_WASM_BASE64);
      compiled = api.validate(bytes) ? new api.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Most modules of one size kept for reuse. */
const SPARES_PER_SIZE = 4;
/**
 * Released modules by memory size (in doubles), for the next one of that size:
 * a sweep makes two per run, and each fresh memory costs an allocation and,
 * once collected, an unmapping that interrupts every other thread of the process.
 */
const spares = new Map<number, (() => RnnWasm)[]>();

/**
 * The module over a zeroed memory with room for `doubles` Float64s besides its
 * own (a released one of that size when there is one); null without
 * WebAssembly SIMD.
 */
export function createRnnWasm(doubles: number): RnnWasm | null {
  const api = platform.WebAssembly;
  if (!api) return null;
  const module = compiledModule(api);
  if (!module) return null;
  const total = doubles + RESERVED;
  const reuse = spares.get(total)?.pop();
  return reuse ? reuse() : instantiate(api, module, total);
}

function instantiate(api: NonNullable<PlatformGlobals['WebAssembly']>, module: object, total: number): RnnWasm {
  const memory = new api.Memory({ initial: Math.max(1, Math.ceil((total * 8) / 65536)) });
  const instance = new api.Instance(module, { e: { m: memory, exp: Math.exp } });
  let used = 0;
  let released = false;
  const alloc = (length: number): Float64Array<ArrayBuffer> => {
    if (released) throw new Error('this WebAssembly module has been released');
    if (used + length > total) throw new RangeError('WebAssembly memory exhausted');
    const view = new Float64Array(memory.buffer, used * 8, length);
    used += length;
    return view;
  };
  const exports = instance.exports as unknown as RnnExports;
  const engine: RnnWasm = {
    alloc,
    exports,
    buffer: memory.buffer,
    release() {
      if (released) return;
      released = true;
      const list = spares.get(total) ?? [];
      if (list.length >= SPARES_PER_SIZE) return;
      list.push(reuse);
      spares.set(total, list);
    },
  };
  // Everything after the module's own constants back to zero, as a fresh memory is.
  const reuse = (): RnnWasm => {
    new Float64Array(memory.buffer, RESERVED * 8).fill(0);
    used = RESERVED;
    released = false;
    return engine;
  };
  alloc(RESERVED).set(POW2_FRACTION);
  exports.init();
  return engine;
}
