import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type TensorInfo = tf.TensorInfo;
export type KernelFunc = tf.KernelFunc;
type NamedInputs = Record<string, TensorInfo>;

/** Calls another wasm kernel directly (no engine bookkeeping): its output must be disposed by the caller. */
export function callKernel(
  fn: KernelFunc,
  backend: BackendWasm,
  inputs: NamedInputs,
  attrs: tf.NamedAttrMap = {},
): TensorInfo {
  const out = fn({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error('expected a single-output kernel');
  return out;
}

/** The shipped wasm kernel registered under `name`, captured before we replace or wrap it. */
export function shippedKernel(name: string): KernelFunc {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`wasm backend has no '${name}' kernel to build on`);
  return config.kernelFunc;
}

/**
 * A Float32Array view of a tensor's data on the wasm heap. Views are invalidated when the heap grows,
 * so take them only after every `makeOutput` of the kernel.
 */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** A view of the same data with another shape (the wasm kernels address tensors by data id). */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** The permutation that swaps the last two axes of a tensor of rank `rank`. */
export function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** Byte offset of a tensor's data in the wasm backend's memory: how our WebAssembly kernels address it. */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('tensor is not on the wasm backend');
  return data.memoryOffset;
}

/**
 * Runs `use` with `slots` zeroed float32 slots of scratch memory on the wasm heap (malloc-aligned, so float64
 * views fit too), given as a tensor, and frees them afterwards.
 */
export function withScratch<T>(backend: BackendWasm, slots: number, use: (scratch: TensorInfo) => T): T {
  const scratch = backend.makeOutput([slots], 'float32');
  try {
    heapF32(backend, scratch).fill(0);
    return use(scratch);
  } finally {
    backend.disposeData(scratch.dataId);
  }
}

/** A float64 view of `length` values starting `byteOffset` bytes into a tensor's data (scratch accumulators). */
export function heapF64(backend: BackendWasm, info: TensorInfo, byteOffset: number, length: number): Float64Array {
  const f32 = heapF32(backend, info);
  return new Float64Array(f32.buffer, f32.byteOffset + byteOffset, length);
}
