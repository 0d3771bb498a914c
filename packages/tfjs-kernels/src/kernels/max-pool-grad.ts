import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdKernels } from '../simd/kernels';
import { heapF32, heapOffset, type KernelFunc, type TensorInfo } from './kernel-utils';

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Max-pool gradient: each output's gradient goes to the first maximum of its window (row-major, as
 * the cpu backend picks it), found by comparing with the forward output. One pass over the windows;
 * each window is kernels.wat's SIMD `maxPoolGradWindow` (four channels at a time, branch-free), instead
 * of the shipped kernel's search over every input pixel.
 */
export function makeMaxPoolGrad(kernels: SimdKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
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
    heapF32(wasm, dx).fill(0);
    const out = heapOffset(wasm, dx);
    const x = heapOffset(wasm, input);
    const g = heapOffset(wasm, dy);
    const y = heapOffset(wasm, output);
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const pixelStep = 4 * channels;
    const rowStep = inWidth * pixelStep;
    for (let n = 0; n < batchSize; n++) {
      for (let oh = 0; oh < outHeight; oh++) {
        const hStart = Math.max(0, oh * strideHeight - top);
        const rows = Math.min(inHeight, oh * strideHeight - top + fh) - hStart;
        for (let ow = 0; ow < outWidth; ow++) {
          const wStart = Math.max(0, ow * strideWidth - left);
          const cols = Math.min(inWidth, ow * strideWidth - left + fw) - wStart;
          const first = ((n * inHeight + hStart) * inWidth + wStart) * pixelStep;
          const yAt = ((n * outHeight + oh) * outWidth + ow) * pixelStep;
          kernels.maxPoolGradWindow(x + first, out + first, y + yAt, g + yAt, rows, cols, rowStep, pixelStep, channels);
        }
      }
    }
    return dx;
  };
}
