/**
 * vecMat as a WebAssembly function using 128-bit SIMD (f64x2), assembled here
 * from a readable instruction list so no build step or tool is needed.
 *
 * Exactness: SIMD runs across output columns j (two per lane pair, eight per
 * block), while each column's sum still runs over k ascending from 0 with a
 * separate multiply then add (f64x2.mul, f64x2.add are IEEE round-to-nearest,
 * no fused multiply-add), so every output equals the JS kernel's bit for bit.
 *
 * The data must live in the module's linear memory: callers allocate their
 * buffers from a WasmKernels (a bump allocator over one memory sized up front,
 * so it never grows and the views never detach) and pass byte offsets.
 * When WebAssembly or its SIMD is unavailable, createWasmKernels returns null
 * and callers keep the JS kernels.
 */

/** The little of the WebAssembly API used here (shared/ has no DOM or Node typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

// Opcodes used below (WebAssembly core spec and the SIMD proposal).
const I32 = 0x7f, V128 = 0x7b;
const END = 0x0b, LOOP = 0x03, BLOCK = 0x02, VOID = 0x40, BR_IF = 0x0d;
const GET = 0x20, SET = 0x21, TEE = 0x22;
const I32_CONST = 0x41, I32_ADD = 0x6a, I32_MUL = 0x6c, I32_LT_U = 0x49, I32_GE_U = 0x4f;
const F64_LOAD = 0x2b, F64_STORE = 0x39, F64_ADD = 0xa0, F64_MUL = 0xa2, F64_CONST = 0x44;
const SIMD = 0xfd;
const v128Load = (offset: number) => [SIMD, 0x00, 4, ...uleb(offset)];
const v128Store = (offset: number) => [SIMD, 0x0b, 4, ...uleb(offset)];
const load64Splat = [SIMD, 0x0a, 3, 0];
const f64x2Add = [SIMD, 0xf0, 0x01];
const f64x2Mul = [SIMD, 0xf2, 0x01];
const f64x2Splat = [SIMD, 0x14];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Non-negative i32 constants below 2^13 (signed LEB128: 64 already takes two bytes). */
const i32 = (n: number) => (n < 64 ? [I32_CONST, n] : [I32_CONST, (n & 0x7f) | 0x80, n >> 7]);

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/*
 * Function 0, the one loop both kernels share:
 *   rows(x, xStep, R, rStep, count, cols, out, accumulate)
 *   out[j] = (accumulate ? out[j] : 0) + Σ_i x[i·xStep]·R[i·rStep + j], i ascending, j < cols
 * with all pointers and steps in bytes (steps may be negative).
 */
const X = 0, XS = 1, R0 = 2, RS = 3, CNT = 4, COLS = 5, OUT = 6, ACC = 7; // parameters
const J = 8, XP = 9, R = 10, I = 11, JEND = 12; // i32 locals
const A0 = 13, A1 = 14, A2 = 15, A3 = 16, XK = 17; // v128 locals
const S = 18; // f64 local
const IF = 0x04, ELSE = 0x05, RETURN = 0x0f, BR = 0x0c, CALL = 0x10, I32_SUB = 0x6b, I32_GT_U = 0x4b;
const F64 = 0x7c;
const ZERO_F64 = [F64_CONST, 0, 0, 0, 0, 0, 0, 0, 0];

/** The inner sum over i for the accumulators starting at column byte offset J. */
function sumOverI(step: number[]): number[] {
  return [
    GET, R0, GET, J, I32_ADD, SET, R,
    GET, X, SET, XP,
    GET, CNT, SET, I,
    LOOP, VOID,
    ...step,
    GET, R, GET, RS, I32_ADD, SET, R,
    GET, XP, GET, XS, I32_ADD, SET, XP,
    GET, I, ...i32(1), I32_SUB, TEE, I, BR_IF, 0,
    END,
  ];
}

/** Columns from J in blocks of `lanes` v128 accumulators (2 columns each) while a whole block fits. */
function columnBlocks(lanes: number): number[] {
  const acc = [A0, A1, A2, A3].slice(0, lanes);
  const bytes = lanes * 16;
  return [
    BLOCK, VOID,
    LOOP, VOID,
    GET, J, ...i32(bytes), I32_ADD, GET, JEND, I32_GT_U, BR_IF, 1,
    ...acc.flatMap((a, i) => [
      GET, ACC, IF, V128, GET, OUT, GET, J, I32_ADD, ...v128Load(16 * i), ELSE, ...ZERO_F64, ...f64x2Splat, END, SET, a,
    ]),
    ...sumOverI([
      GET, XP, ...load64Splat, SET, XK,
      ...acc.flatMap((a, i) => [GET, a, GET, XK, GET, R, ...v128Load(16 * i), ...f64x2Mul, ...f64x2Add, SET, a]),
    ]),
    ...acc.flatMap((a, i) => [GET, OUT, GET, J, I32_ADD, GET, a, ...v128Store(16 * i)]),
    GET, J, ...i32(bytes), I32_ADD, SET, J,
    BR, 0,
    END,
    END,
  ];
}

/** The last column when cols is odd, as a scalar sum. */
const lastColumn = [
  GET, J, GET, JEND, I32_GE_U, IF, VOID, RETURN, END,
  GET, ACC, IF, F64, GET, OUT, GET, J, I32_ADD, F64_LOAD, 3, 0, ELSE, ...ZERO_F64, END, SET, S,
  ...sumOverI([GET, S, GET, XP, F64_LOAD, 3, 0, GET, R, F64_LOAD, 3, 0, F64_MUL, F64_ADD, SET, S]),
  GET, OUT, GET, J, I32_ADD, GET, S, F64_STORE, 3, 0,
];

const rowsBody = [
  3, 5, I32, 5, V128, 1, F64,
  GET, COLS, ...i32(8), I32_MUL, SET, JEND,
  ...i32(0), SET, J,
  ...columnBlocks(4),
  ...columnBlocks(1),
  ...lastColumn,
  END,
];

/** Function 1, vecMat(x, M, n, out): out[j] = Σ_k x[k]·M[k·n + j], k ascending from 0. */
const vecMatBody = [
  0,
  GET, 0, ...i32(8), GET, 1, GET, 2, ...i32(8), I32_MUL, GET, 2, GET, 2, GET, 3, ...i32(0), CALL, 0,
  END,
];

/**
 * Function 2, addOuterProducts(M, A, B, n, first, last) with last ≥ first:
 * M[k·n + j] += Σ_t A[t·n + k]·B[t·n + j], t from last down to first, one row k of M per call of rows.
 */
const [AM, AA, AB, AN, AFIRST, ALAST] = [0, 1, 2, 3, 4, 5];
const [K, ROW, AXP, ARP, ACNT, AOUT] = [6, 7, 8, 9, 10, 11];
const addOuterBody = [
  1, 6, I32,
  GET, AN, ...i32(8), I32_MUL, SET, ROW,
  GET, ALAST, GET, AFIRST, I32_SUB, ...i32(1), I32_ADD, SET, ACNT,
  GET, AA, GET, ALAST, GET, ROW, I32_MUL, I32_ADD, SET, AXP, // &A[last·n + 0]
  GET, AB, GET, ALAST, GET, ROW, I32_MUL, I32_ADD, SET, ARP, // &B[last·n]
  GET, AM, SET, AOUT,
  GET, AN, SET, K,
  LOOP, VOID,
  GET, AXP, ...i32(0), GET, ROW, I32_SUB, GET, ARP, ...i32(0), GET, ROW, I32_SUB,
  GET, ACNT, GET, AN, GET, AOUT, ...i32(1), CALL, 0,
  GET, AXP, ...i32(8), I32_ADD, SET, AXP,
  GET, AOUT, GET, ROW, I32_ADD, SET, AOUT,
  GET, K, ...i32(1), I32_SUB, TEE, K, BR_IF, 0,
  END,
  END,
];

const body = (code: number[]) => [...uleb(code.length), ...code];

function moduleBytes(): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    // types 0, 1, 2: (i32 ×8), (i32 ×4), (i32 ×6) → ()
    ...section(1, [3, 0x60, 8, ...Array(8).fill(I32), 0, 0x60, 4, ...Array(4).fill(I32), 0, 0x60, 6, ...Array(6).fill(I32), 0]),
    ...section(2, [1, ...name('e'), ...name('m'), 0x02, 0x00, 0]), // import memory e.m, min 0 pages
    ...section(3, [3, 0, 1, 2]),
    ...section(7, [2, ...name('vecMat'), 0x00, 1, ...name('addOuterProducts'), 0x00, 2]),
    ...section(10, [3, ...body(rowsBody), ...body(vecMatBody), ...body(addOuterBody)]),
  ]);
}

let compiled: object | null | undefined;

function compiledModule(api: WasmApi): object | null {
  if (compiled === undefined) {
    try {
      const bytes = moduleBytes();
      compiled = api.validate(bytes) ? new api.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** One linear memory with its own instance of the kernels and a bump allocator. */
export interface WasmKernels {
  /** A zeroed Float64Array of `length` in the module's memory. */
  alloc(length: number): Float64Array;
  /** out = x·M for an n×n matrix M; arguments are byte offsets into the memory. */
  vecMat(x: number, M: number, n: number, out: number): void;
  /** As kernels.ts addOuterProducts, on byte offsets; needs last ≥ first. */
  addOuterProducts(M: number, A: number, B: number, n: number, first: number, last: number): void;
}

/** Kernels over a fresh memory of at least `doubles` Float64s, or null without WebAssembly SIMD. */
export function createWasmKernels(doubles: number): WasmKernels | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) return null;
  const module = compiledModule(api);
  if (!module) return null;
  const bytes = doubles * 8;
  const memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new api.Instance(module, { e: { m: memory } });
  const exports = instance.exports as Pick<WasmKernels, 'vecMat' | 'addOuterProducts'>;
  let used = 0;
  return {
    alloc(length: number): Float64Array {
      if (used + length > doubles) throw new RangeError('wasm kernel memory exhausted');
      const view = new Float64Array(memory.buffer, used * 8, length);
      used += length;
      return view;
    },
    vecMat: exports.vecMat,
    addOuterProducts: exports.addOuterProducts,
  };
}
