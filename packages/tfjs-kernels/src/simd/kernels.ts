import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KERNELS_WASM_BASE64 } from './kernels-binary';

// The TypeScript lib here (ES2022, no DOM) has no WebAssembly types: declare the little that is used.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/** The exports of kernels.wat. Pointers are byte offsets into the wasm backend's memory. */
export interface SimdKernels {
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    wOut: number,
    mOut: number,
    vOut: number,
    n: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    step: number,
    correction1Inverse: number,
    correction2Inverse: number,
  ): void;
  maxPoolGradWindow(
    x: number,
    out: number,
    y: number,
    g: number,
    rows: number,
    cols: number,
    rowStep: number,
    pixelStep: number,
    channels: number,
  ): void;
  columnSums(src: number, rows: number, cols: number, acc: number): void;
  columnSumsWithProducts(g: number, x: number, rows: number, cols: number, sumG: number, sumGX: number): void;
  matMulFewRows(a: number, b: number, out: number, m: number, k: number, n: number): void;
  affineColumns(g: number, x: number, out: number, rows: number, cols: number, a: number, b: number, k: number): void;
}

/** What we read of the wasm backend's Emscripten module: its exported memory. */
interface EmscriptenModule {
  asm?: { memory?: object };
}

const instances = new WeakMap<object, SimdKernels | null>();

/**
 * Our SIMD kernels, instantiated once per wasm backend module on that module's own memory (so they read and
 * write tensors in place), or null where they cannot start: no exported memory, or an engine without SIMD.
 */
export function simdKernels(backend: BackendWasm): SimdKernels | null {
  const module = backend.wasm as unknown as EmscriptenModule;
  const cached = instances.get(module);
  if (cached !== undefined) return cached;
  let kernels: SimdKernels | null = null;
  const memory = module.asm?.memory;
  if (memory !== undefined) {
    try {
      const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      kernels = instance.exports as unknown as SimdKernels;
    } catch {
      kernels = null;
    }
  }
  instances.set(module, kernels);
  return kernels;
}
