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

// vecMat(x, M, n, out): out[j] = Σ_k x[k]·M[k·n + j], all byte offsets into memory.
const X = 0, M = 1, N = 2, OUT = 3; // parameters
const J = 4, XP = 5, R = 6, XEND = 7, ROW = 8, JEND = 9; // i32 locals
const A0 = 10, A1 = 11, A2 = 12, A3 = 13, XK = 14; // v128 locals

/**
 * A loop over columns j (byte offset) in blocks of `lanes` v128 accumulators
 * (2 columns each), from the current J while J + block ≤ JEND.
 */
function columnBlocks(lanes: number): number[] {
  const acc = [A0, A1, A2, A3].slice(0, lanes);
  const bytes = lanes * 16;
  return [
    BLOCK, VOID,
    LOOP, VOID,
    // if J + bytes > JEND: done
    GET, J, ...i32(bytes), I32_ADD, GET, JEND, 0x4b /* i32.gt_u */, BR_IF, 1,
    ...acc.flatMap((a) => [F64_CONST, 0, 0, 0, 0, 0, 0, 0, 0, ...f64x2Splat, SET, a]),
    GET, M, GET, J, I32_ADD, SET, R, // r = &M[0·n + j]
    GET, X, SET, XP,
    LOOP, VOID,
    GET, XP, ...load64Splat, SET, XK,
    ...acc.flatMap((a, i) => [GET, a, GET, XK, GET, R, ...v128Load(16 * i), ...f64x2Mul, ...f64x2Add, SET, a]),
    GET, R, GET, ROW, I32_ADD, SET, R,
    GET, XP, ...i32(8), I32_ADD, TEE, XP, GET, XEND, I32_LT_U, BR_IF, 0,
    END,
    ...acc.flatMap((a, i) => [GET, OUT, GET, J, I32_ADD, GET, a, ...v128Store(16 * i)]),
    GET, J, ...i32(bytes), I32_ADD, SET, J,
    0x0c /* br */, 0,
    END,
    END,
  ];
}

/** The last column when n is odd, as a scalar sum (J points at it). */
const lastColumn = [
  GET, J, GET, JEND, I32_GE_U, 0x04 /* if */, VOID, 0x0f /* return */, END,
  F64_CONST, 0, 0, 0, 0, 0, 0, 0, 0, SET, 15,
  GET, M, GET, J, I32_ADD, SET, R,
  GET, X, SET, XP,
  LOOP, VOID,
  GET, 15, GET, XP, F64_LOAD, 3, 0, GET, R, F64_LOAD, 3, 0, F64_MUL, F64_ADD, SET, 15,
  GET, R, GET, ROW, I32_ADD, SET, R,
  GET, XP, ...i32(8), I32_ADD, TEE, XP, GET, XEND, I32_LT_U, BR_IF, 0,
  END,
  GET, OUT, GET, J, I32_ADD, GET, 15, F64_STORE, 3, 0,
];

const vecMatBody = [
  // locals: 6 i32, 5 v128, 1 f64
  3, 6, I32, 5, V128, 1, 0x7c,
  GET, N, ...i32(8), I32_MUL, TEE, ROW, SET, JEND, // row stride = n·8 bytes = the columns' byte span
  GET, X, GET, ROW, I32_ADD, SET, XEND,
  ...i32(0), SET, J,
  ...columnBlocks(4),
  ...columnBlocks(1),
  ...lastColumn,
  END,
];

function moduleBytes(): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 4, I32, I32, I32, I32, 0]), // type 0: (i32 ×4) → ()
    ...section(2, [1, ...name('e'), ...name('m'), 0x02, 0x00, 0]), // import memory e.m, min 0 pages
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, ...name('vecMat'), 0x00, 0]),
    ...section(10, [1, ...uleb(vecMatBody.length), ...vecMatBody]),
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
  const vecMat = instance.exports['vecMat'] as (x: number, M: number, n: number, out: number) => void;
  let used = 0;
  return {
    alloc(length: number): Float64Array {
      if (used + length > doubles) throw new RangeError('wasm kernel memory exhausted');
      const view = new Float64Array(memory.buffer, used * 8, length);
      used += length;
      return view;
    },
    vecMat,
  };
}
