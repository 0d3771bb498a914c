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
  // Σ dy·x̂ = inv·(Σ dy·x - mean·Σ dy): the first pass only sums (four rows at a time, in doubles), and
  // dx is affine per channel, a·dy + b·x + c, in the second.
  const sumDy = new Float64Array(channels);
  const sumDyX = new Float64Array(channels);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * channels;
    const b1 = b0 + channels;
    const b2 = b1 + channels;
    const b3 = b2 + channels;
    for (let c = 0; c < channels; c++) {
      sumDy[c] += g[b0 + c] + g[b1 + c] + g[b2 + c] + g[b3 + c];
      sumDyX[c] += g[b0 + c] * xv[b0 + c] + g[b1 + c] * xv[b1 + c] + g[b2 + c] * xv[b2 + c] + g[b3 + c] * xv[b3 + c];
    }
  }
  for (; r < rows; r++) {
    const base = r * channels;
    for (let c = 0; c < channels; c++) {
      sumDy[c] += g[base + c];
      sumDyX[c] += g[base + c] * xv[base + c];
    }
  }
  const a = new Float64Array(channels);
  const b = new Float64Array(channels);
  const k = new Float64Array(channels);
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
  for (let row = 0; row < rows; row++) {
    const base = row * channels;
    for (let c = 0; c < channels; c++) dx[base + c] = a[c] * g[base + c] + b[c] * xv[base + c] + k[c];
  }
  return [dxInfo, dGammaInfo, dBetaInfo];
};
