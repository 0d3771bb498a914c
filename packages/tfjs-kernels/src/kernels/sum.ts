import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdKernels } from '../simd/kernels';
import { heapF32, heapF64, heapOffset, type KernelFunc, type TensorInfo, withScratch } from './kernel-utils';

interface ReduceAttrs {
  axis: number | number[];
  keepDims: boolean;
}

/**
 * The number of leading rows when `axis` is exactly the leading axes of `shape` (bias and batch-norm
 * gradients sum over batch and space, keeping channels), else null. The shipped reductions transpose
 * such inputs to put the reduced axes last before summing, which costs more than the sum.
 */
function leadingRows(shape: number[], axis: number | number[]): number | null {
  const axes = tf.util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  if (axes.length === 0 || axes.length === shape.length) return null;
  for (let i = 0; i < axes.length; i++) if (axes[i] !== i) return null;
  return shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
}

/** Column sums of a float32 tensor seen as [rows, cols], scaled; null when the fast path does not apply. */
export function sumLeadingAxes(
  kernels: SimdKernels,
  backend: BackendWasm,
  x: TensorInfo,
  { axis, keepDims }: ReduceAttrs,
  scaleByCount: boolean,
): TensorInfo | null {
  if (x.dtype !== 'float32') return null;
  const rows = leadingRows(x.shape, axis);
  if (rows === null) return null;
  const inner = x.shape.slice(tf.util.parseAxisParam(axis, x.shape).length);
  const outShape = keepDims ? [...x.shape.map((d, i) => (i < x.shape.length - inner.length ? 1 : d))] : inner;
  const out = backend.makeOutput(outShape, 'float32');
  const cols = tf.util.sizeFromShape(inner);
  // float64 accumulators (two float32 slots each) for kernels.wat's `columnSums`.
  withScratch(backend, 2 * cols, (scratch) => {
    kernels.columnSums(heapOffset(backend, x), rows, cols, heapOffset(backend, scratch));
    const acc = heapF64(backend, scratch, 0, cols);
    const dst = heapF32(backend, out);
    for (let c = 0; c < cols; c++) dst[c] = scaleByCount ? acc[c] / rows : acc[c];
  });
  return out;
}

/** `Sum` for wasm: column sums without the shipped transpose when the leading axes are reduced. */
export function makeSum(shipped: KernelFunc, kernels: SimdKernels): KernelFunc {
  return (args) =>
    sumLeadingAxes(
      kernels,
      args.backend as BackendWasm,
      args.inputs.x as TensorInfo,
      args.attrs as unknown as ReduceAttrs,
      false,
    ) ?? shipped(args);
}
