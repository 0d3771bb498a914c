import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdKernels } from '../simd/kernels';
import type { KernelFunc, TensorInfo } from './kernel-utils';
import { sumLeadingAxes } from './sum';

/** `Mean` for wasm: same leading-axes fast path as `Sum` (batch-norm moments reduce batch and space). */
export function makeMean(shipped: KernelFunc, kernels: SimdKernels): KernelFunc {
  return (args) =>
    sumLeadingAxes(
      kernels,
      args.backend as BackendWasm,
      args.inputs.x as TensorInfo,
      args.attrs as unknown as { axis: number | number[]; keepDims: boolean },
      true,
    ) ?? shipped(args);
}
