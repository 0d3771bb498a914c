import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdKernels } from '../simd/kernels';
import { heapF32, heapF64, heapOffset, type KernelFunc, type TensorInfo, withScratch } from './kernel-utils';

/** Kernel name of the fused batch-norm gradient (ours). */
export const BATCH_NORM_GRAD = 'AudioDlBatchNormGrad';

/**
 * Gradient of training-mode batch normalisation over every axis but the last (channels), with the
 * batch statistics' own dependence on x included. Inputs: x, dy [..., C], the batch `mean` and
 * (biased) `variance` [C], `gamma` [C]; attr `epsilon`. With x̂ = (x - mean)/√(var + ε) and M rows:
 * dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/√(var + ε)/M · (M·dy - dβ - x̂·dγ). Two SIMD passes over the data
 * (kernels.wat), in place of the two dozen broadcast ops autodiff builds. Outputs: dx, dγ, dβ.
 */
export function makeBatchNormGrad(kernels: SimdKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy, mean, variance, gamma } = inputs as Record<'x' | 'dy' | 'mean' | 'variance' | 'gamma', TensorInfo>;
    const { epsilon } = attrs as unknown as { epsilon: number };
    const wasm = backend as BackendWasm;
    const channels = x.shape[x.shape.length - 1];
    const rows = tf.util.sizeFromShape(x.shape) / channels;
    const dxInfo = wasm.makeOutput([...x.shape], 'float32');
    const dGammaInfo = wasm.makeOutput([channels], 'float32');
    const dBetaInfo = wasm.makeOutput([channels], 'float32');
    const at = (t: TensorInfo) => heapOffset(wasm, t);
    // Scratch: Σ dy and Σ dy·x as float64 (bytes 0 and 8C), then a, b, k as float32 (bytes 16C, 20C, 24C).
    withScratch(wasm, 7 * channels, (scratch) => {
      const base = at(scratch);
      kernels.columnSumsWithProducts(at(dy), at(x), rows, channels, base, base + 8 * channels);
      const sumDy = heapF64(wasm, scratch, 0, channels);
      const sumDyX = heapF64(wasm, scratch, 8 * channels, channels);
      const slots = heapF32(wasm, scratch);
      const a = slots.subarray(4 * channels, 5 * channels);
      const b = slots.subarray(5 * channels, 6 * channels);
      const k = slots.subarray(6 * channels, 7 * channels);
      const mu = heapF32(wasm, mean);
      const v = heapF32(wasm, variance);
      const gm = heapF32(wasm, gamma);
      const dGamma = heapF32(wasm, dGammaInfo);
      const dBeta = heapF32(wasm, dBetaInfo);
      // Σ dy·x̂ = inv·(Σ dy·x - mean·Σ dy); dx is affine per channel: a·dy + b·x + k.
      for (let c = 0; c < channels; c++) {
        const inv = 1 / Math.sqrt(v[c] + epsilon);
        const dyXhat = inv * (sumDyX[c] - mu[c] * sumDy[c]);
        const scale = (gm[c] * inv) / rows;
        dGamma[c] = dyXhat;
        dBeta[c] = sumDy[c];
        a[c] = scale * rows;
        b[c] = -scale * dyXhat * inv;
        k[c] = -scale * sumDy[c] + scale * dyXhat * inv * mu[c];
      }
      const [aAt, bAt, kAt] = [16, 20, 24].map((bytes) => base + bytes * channels);
      kernels.affineColumns(at(dy), at(x), at(dxInfo), rows, channels, aAt, bAt, kAt);
    });
    return [dxInfo, dGammaInfo, dBetaInfo];
  };
}
