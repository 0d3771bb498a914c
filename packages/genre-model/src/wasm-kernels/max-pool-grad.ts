import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Max-pool gradient: each output's gradient goes to the first maximum of its window (row-major, as
 * the cpu backend picks it), found by comparing with the forward output. One pass over the windows,
 * channels innermost (NHWC), instead of the shipped kernel's search over every input pixel.
 */
export const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const wasm = backend as BackendWasm;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const dx = wasm.makeOutput([...input.shape], 'float32');
  const out = heapF32(wasm, dx);
  const x = heapF32(wasm, input);
  const g = heapF32(wasm, dy);
  const y = heapF32(wasm, output);
  out.fill(0);
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowStep = inWidth * channels;
  // A window's pixels as offsets from its first one, in row-major order (the order ties are broken in).
  const offsets = new Int32Array(fh * fw);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const hStart = Math.max(0, oh * strideHeight - top);
      const rows = Math.min(inHeight, oh * strideHeight - top + fh) - hStart;
      for (let ow = 0; ow < outWidth; ow++) {
        const wStart = Math.max(0, ow * strideWidth - left);
        const cols = Math.min(inWidth, ow * strideWidth - left + fw) - wStart;
        const size = rows * cols;
        for (let h = 0, i = 0; h < rows; h++) {
          for (let w = 0; w < cols; w++) offsets[i++] = h * rowStep + w * channels;
        }
        const yBase = ((n * outHeight + oh) * outWidth + ow) * channels;
        const first = ((n * inHeight + hStart) * inWidth + wStart) * channels;
        // The forward pass already found each maximum: the first pixel equal to it takes the gradient.
        // One flat search per channel over the window's offsets, stopping at the match.
        for (let c = 0; c < channels; c++) {
          const target = y[yBase + c];
          const base = first + c;
          let i = 0;
          while (i < size && x[base + offsets[i]] !== target) i++;
          if (i < size) out[base + offsets[i]] += g[yBase + c];
        }
      }
    }
  }
  return dx;
};
