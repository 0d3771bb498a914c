import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';
import { type ConvAttrs, geometry } from './native-args';

interface Conv2DBackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * Input gradient of a stride-1 2-D convolution as a forward convolution on XNNPACK (the shipped
 * kernel is a scalar loop): dx = conv(dy, W rotated 180° with in/out channels swapped), padded by
 * (filter - 1 - forward padding) so that the output has the input's size. Other strides keep the
 * shipped kernel.
 */
export function makeConv2DBackpropInput(shipped: KernelFunc, conv2d: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    const filterShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
    if (dataFormat === 'NCHW' || info.strideHeight !== 1 || info.strideWidth !== 1) return shipped(args);
    const wasm = backend as BackendWasm;
    const [kh, kw, ci, co] = filterShape;
    const flipped = wasm.makeOutput([kh, kw, co, ci], 'float32');
    try {
      const src = heapF32(wasm, filter);
      const dst = heapF32(wasm, flipped);
      for (let h = 0; h < kh; h++) {
        for (let w = 0; w < kw; w++) {
          const from = ((kh - 1 - h) * kw + (kw - 1 - w)) * ci * co;
          const to = (h * kw + w) * co * ci;
          for (let i = 0; i < ci; i++) {
            for (let o = 0; o < co; o++) dst[to + o * ci + i] = src[from + i * co + o];
          }
        }
      }
      const top = kh - 1 - info.padInfo.top;
      const left = kw - 1 - info.padInfo.left;
      const bottom = info.inHeight - info.outHeight + kh - 1 - top;
      const right = info.inWidth - info.outWidth + kw - 1 - left;
      const explicit: tf.backend_util.ExplicitPadding = [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ];
      return callKernel(
        conv2d,
        wasm,
        { x: dy, filter: flipped },
        { strides: 1, pad: explicit, dataFormat: 'NHWC', dilations: 1 },
      );
    } finally {
      wasm.disposeData(flipped.dataId);
    }
  };
}

/** `Conv2DBackpropInput`: dx by GEMM with the filter transposed, then col2im. */
export function makeNativeConv2DBackpropInput(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    if (attrs.dataFormat === 'NCHW') return fallback(args);
    const filterShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const wasm = args.backend as BackendWasm;
    const dx = wasm.makeOutput([...attrs.inputShape], 'float32');
    native.conv2dBackpropInput(geometry(info), heapF32(wasm, dy), heapF32(wasm, filter), heapF32(wasm, dx));
    return dx;
  };
}
