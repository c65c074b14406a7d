/**
 * The globals the shared layer may use: what Node, browsers, Web Workers and
 * Electron's processes all have (or, where marked, some of them). shared/ is
 * type-checked without DOM or Node typings, so it reaches globals only
 * through this one typed view.
 */

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => { readonly buffer: ArrayBuffer };
}

interface ChannelPort {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

export interface PlatformGlobals {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  atob(base64: string): string;
  crypto: { getRandomValues<T extends Uint8Array | Uint32Array>(array: T): T };
  setTimeout(callback: () => void, ms: number): unknown;
  performance?: { now(): number };
  /** Node and Electron's utility process; not browsers. */
  setImmediate?: (callback: () => void) => unknown;
  /** Browsers, workers and Node. */
  MessageChannel?: new () => { port1: ChannelPort; port2: ChannelPort };
  /** Absent where a host has no WebAssembly. */
  WebAssembly?: WasmApi;
}

/** The current platform's globals, read at each use (tests may take one away). */
export const platform = globalThis as unknown as PlatformGlobals;
