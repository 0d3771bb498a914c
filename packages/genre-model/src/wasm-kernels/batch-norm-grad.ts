import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';
import { heapOffset, type SimdKernels } from './simd/kernels';

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
    // Scratch on the wasm heap: Σ dy and Σ dy·x as float64 (two float32 slots each), then a, b, k.
    const scratch = wasm.makeOutput([7 * channels], 'float32');
    try {
      const base = heapOffset(wasm, scratch);
      heapF32(wasm, scratch).fill(0);
      kernels.columnSumsWithProducts(
        heapOffset(wasm, dy),
        heapOffset(wasm, x),
        rows,
        channels,
        base,
        base + 8 * channels,
      );
      const slots = heapF32(wasm, scratch);
      const sumDy = new Float64Array(slots.buffer, slots.byteOffset, channels);
      const sumDyX = new Float64Array(slots.buffer, slots.byteOffset + 8 * channels, channels);
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
      // a, b and k start at float32 slots 4C, 5C and 6C: bytes 16C, 20C and 24C.
      const [aAt, bAt, kAt] = [16, 20, 24].map((bytes) => base + bytes * channels);
      kernels.affineColumns(
        heapOffset(wasm, dy),
        heapOffset(wasm, x),
        heapOffset(wasm, dxInfo),
        rows,
        channels,
        aAt,
        bAt,
        kAt,
      );
    } finally {
      wasm.disposeData(scratch.dataId);
    }
    return [dxInfo, dGammaInfo, dBetaInfo];
  };
}
