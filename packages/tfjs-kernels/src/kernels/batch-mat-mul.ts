import type { NativeKernels } from '@audio-dl/native-kernels';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, heapF32, type KernelFunc, swapLastTwo, type TensorInfo } from './kernel-utils';
import { ACTIVATIONS, biasFits } from './native-args';

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

/**
 * `BatchMatMul` and `_FusedMatMul` (bias, linear or relu) for unbatched products, transposes read in place
 * through strides; batched products and other activations go to the fallback.
 */
export function makeNativeMatMul(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean; activation?: string };
    const activation = ACTIVATIONS[attrs.activation ?? 'linear'];
    if (a === undefined || b === undefined) throw new Error('MatMul needs a and b');
    const batch = (t: TensorInfo) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const rows = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 1 : 2)] ?? 1;
    const cols = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 2 : 1)] ?? 1;
    const M = rows(a, attrs.transposeA);
    const K = cols(a, attrs.transposeA);
    const N = cols(b, attrs.transposeB);
    if (
      batch(a) !== 1 ||
      batch(b) !== 1 ||
      activation === undefined ||
      preluActivationWeights !== undefined ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      !biasFits(bias, N)
    ) {
      return fallback(args);
    }
    const lead = (a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2);
    const wasm = args.backend as BackendWasm;
    const c = wasm.makeOutput([...lead, M, N], 'float32');
    const biasView = bias === undefined ? null : heapF32(wasm, bias);
    const [av, bv, cv] = [heapF32(wasm, a), heapF32(wasm, b), heapF32(wasm, c)];
    native.matMul(M, N, K, av, attrs.transposeA, bv, attrs.transposeB, cv, biasView, activation);
    return c;
  };
}
