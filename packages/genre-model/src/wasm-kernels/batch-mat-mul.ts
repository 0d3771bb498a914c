import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, type KernelFunc, swapLastTwo, type TensorInfo } from './kernel-utils';

export interface TransposeFlags {
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * The shipped wasm matmul runs XNNPACK only without transposes; with `transposeA`/`transposeB` it falls
 * back to a strided scalar loop about 10x slower. Materialising the transpose (a cheap copy) keeps every
 * product on XNNPACK. Returns the operands to multiply and the temporaries to dispose afterwards.
 */
export function untransposed(
  transpose: KernelFunc,
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  flags: TransposeFlags,
): { a: TensorInfo; b: TensorInfo; temporaries: TensorInfo[] } {
  const temporaries: TensorInfo[] = [];
  const flip = (x: TensorInfo): TensorInfo => {
    const t = callKernel(transpose, backend, { x }, { perm: swapLastTwo(x.shape.length) });
    temporaries.push(t);
    return t;
  };
  return { a: flags.transposeA ? flip(a) : a, b: flags.transposeB ? flip(b) : b, temporaries };
}

/** Only unbatched products (batch 1 on both sides) reach XNNPACK; batched ones keep the shipped path. */
export function isUnbatched(a: TensorInfo, b: TensorInfo): boolean {
  const batch = (x: TensorInfo) => x.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return batch(a) === 1 && batch(b) === 1;
}

/**
 * `BatchMatMul`, and `_FusedMatMul` (matmul + bias + activation), for wasm: transposed operands are
 * materialised so the product runs on XNNPACK. Other inputs (bias, prelu weights) pass through.
 */
export function makeTransposeFreeMatMul(shipped: KernelFunc, transpose: KernelFunc): KernelFunc {
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
