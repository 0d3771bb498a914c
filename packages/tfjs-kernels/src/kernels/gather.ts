import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFunc, TensorInfo } from './kernel-utils';

/**
 * `GatherV2` along axis 0 as one block copy per index: `model.fit` gathers every batch's rows out of the
 * whole data set this way, and the shipped kernel copies element by element with strides (≈ 1.3 ms per
 * 32 × 130 × 13 batch). Other axes, batch dimensions, strings and out-of-range indices (whose error the
 * shipped kernel words) keep the shipped kernel.
 */
export function makeGatherV2(shipped: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x, indices } = inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = attrs as unknown as { axis: number; batchDims: number };
    if (x.dtype === 'string' || batchDims !== 0 || x.shape.length === 0) return shipped(args);
    if (tf.util.parseAxisParam(axis, x.shape)[0] !== 0) return shipped(args);
    const wasm = backend as BackendWasm;
    const index = wasm.typedArrayFromHeap(indices);
    const rows = x.shape[0];
    for (let i = 0; i < index.length; i++) if (!(index[i] >= 0 && index[i] < rows)) return shipped(args);
    const out = wasm.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const src = wasm.typedArrayFromHeap(x);
    const dst = wasm.typedArrayFromHeap(out);
    const row = rows === 0 ? 0 : src.length / rows;
    for (let i = 0; i < index.length; i++) dst.set(src.subarray(index[i] * row, (index[i] + 1) * row), i * row);
    return out;
  };
}
