import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';

/** Kernel name of the fused batch-norm gradient (ours). */
export const BATCH_NORM_GRAD = 'AudioDlBatchNormGrad';

/**
 * Gradient of training-mode batch normalisation over every axis but the last (channels), with the
 * batch statistics' own dependence on x included. Inputs: x, dy [..., C], the batch `mean` and
 * (biased) `variance` [C], `gamma` [C]; attr `epsilon`. With x̂ = (x - mean)/√(var + ε) and M rows:
 * dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/√(var + ε)/M · (M·dy - dβ - x̂·dγ). Two passes over the data, in
 * place of the two dozen broadcast ops autodiff builds. Outputs: dx, dγ, dβ.
 */
export const batchNormGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, mean, variance, gamma } = inputs as Record<'x' | 'dy' | 'mean' | 'variance' | 'gamma', TensorInfo>;
  const { epsilon } = attrs as unknown as { epsilon: number };
  const wasm = backend as BackendWasm;
  const channels = x.shape[x.shape.length - 1];
  const dxInfo = wasm.makeOutput([...x.shape], 'float32');
  const dGammaInfo = wasm.makeOutput([channels], 'float32');
  const dBetaInfo = wasm.makeOutput([channels], 'float32');
  const xv = heapF32(wasm, x);
  const g = heapF32(wasm, dy);
  const mu = heapF32(wasm, mean);
  const v = heapF32(wasm, variance);
  const gm = heapF32(wasm, gamma);
  const dx = heapF32(wasm, dxInfo);
  const dGamma = heapF32(wasm, dGammaInfo);
  const dBeta = heapF32(wasm, dBetaInfo);
  const rows = xv.length / channels;
  const inv = new Float32Array(channels);
  for (let c = 0; c < channels; c++) inv[c] = 1 / Math.sqrt(v[c] + epsilon);
  const sumDy = new Float64Array(channels);
  const sumDyX = new Float64Array(channels);
  for (let r = 0; r < rows; r++) {
    const base = r * channels;
    for (let c = 0; c < channels; c++) {
      const d = g[base + c];
      sumDy[c] += d;
      sumDyX[c] += d * (xv[base + c] - mu[c]) * inv[c];
    }
  }
  const scale = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    dGamma[c] = sumDyX[c];
    dBeta[c] = sumDy[c];
    scale[c] = (gm[c] * inv[c]) / rows;
  }
  for (let r = 0; r < rows; r++) {
    const base = r * channels;
    for (let c = 0; c < channels; c++) {
      const xhat = (xv[base + c] - mu[c]) * inv[c];
      dx[base + c] = scale[c] * (rows * g[base + c] - sumDy[c] - xhat * sumDyX[c]);
    }
  }
  return [dxInfo, dGammaInfo, dBetaInfo];
};
