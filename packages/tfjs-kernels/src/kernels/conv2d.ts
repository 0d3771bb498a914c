import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';
import { ACTIVATIONS, biasFits, type ConvAttrs, geometry } from './native-args';

/** `Conv2D` and `FusedConv2D` (bias, linear or relu) on the native im2col + GEMM path. */
export function makeNativeConv2D(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const attrs = args.attrs as unknown as ConvAttrs;
    const activation = ACTIVATIONS[attrs.activation ?? 'linear'];
    if (x === undefined || filter === undefined) throw new Error('Conv2D needs x and filter');
    const filterShape = filter.shape as [number, number, number, number];
    if (
      attrs.dataFormat === 'NCHW' ||
      activation === undefined ||
      preluActivationWeights !== undefined ||
      x.dtype !== 'float32' ||
      !biasFits(bias, filterShape[3])
    ) {
      return fallback(args);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const wasm = args.backend as BackendWasm;
    const y = wasm.makeOutput(info.outShape, 'float32');
    const b = bias === undefined ? null : heapF32(wasm, bias);
    native.conv2d(geometry(info), heapF32(wasm, x), heapF32(wasm, filter), b, activation, heapF32(wasm, y));
    return y;
  };
}
