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
