import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { isUnbatched, type TransposeFlags, untransposed } from './batch-mat-mul';
import type { KernelFunc, TensorInfo } from './kernel-utils';

/** `_FusedMatMul` (matmul + bias + activation) for wasm: same transpose fast path as `BatchMatMul`. */
export function makeFusedMatMul(shipped: KernelFunc, transpose: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const flags = attrs as unknown as TransposeFlags;
    const wasm = backend as BackendWasm;
    if ((!flags.transposeA && !flags.transposeB) || !isUnbatched(a, b)) {
      return shipped({ inputs, backend, attrs });
    }
    const ops = untransposed(transpose, wasm, a, b, flags);
    try {
      return shipped({
        inputs: { ...inputs, a: ops.a, b: ops.b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of ops.temporaries) wasm.disposeData(t.dataId);
    }
  };
}
