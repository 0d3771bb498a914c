import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFunc, TensorInfo } from './kernel-utils';

/**
 * Tile by block copies: each axis, innermost first, writes one copy of its block and replicates it
 * with `copyWithin` (a memmove). Batch-norm gradients tile per-channel vectors to the whole
 * activation, which the shipped element-by-element kernel does slowly. Strings keep the shipped kernel.
 */
export function makeTile(shipped: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as unknown as { reps: number[] };
    if (x.dtype === 'string' || x.shape.length === 0) return shipped(args);
    const wasm = backend as BackendWasm;
    const shape = x.shape;
    const rank = shape.length;
    const outShape = shape.map((d, i) => d * reps[i]);
    const out = wasm.makeOutput(outShape, x.dtype);
    const src = wasm.typedArrayFromHeap(x);
    const dst = wasm.typedArrayFromHeap(out);
    if (dst.length === 0) return out;
    const srcStride = new Array<number>(rank).fill(1);
    const dstStride = new Array<number>(rank).fill(1);
    for (let d = rank - 2; d >= 0; d--) {
      srcStride[d] = srcStride[d + 1] * shape[d + 1];
      dstStride[d] = dstStride[d + 1] * outShape[d + 1];
    }
    const fill = (d: number, from: number, to: number): void => {
      if (d === rank - 1) {
        dst.set(src.subarray(from, from + shape[d]), to);
      } else {
        for (let i = 0; i < shape[d]; i++) fill(d + 1, from + i * srcStride[d], to + i * dstStride[d]);
      }
      const block = shape[d] * dstStride[d];
      for (let r = 1; r < reps[d]; r++) dst.copyWithin(to + r * block, to, to + block);
    };
    fill(0, 0, 0);
    return out;
  };
}
