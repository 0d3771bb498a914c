import type { NativeActivation } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from './kernel-utils';

// What the native kernels take besides tensors: a convolution's geometry, an activation's code, a bias that fits.
// They work on the wasm heap in place: tensors are viewed there (after every makeOutput, which may grow the heap)
// and the addon reads and writes those views; whatever they do not cover goes to the tier below.

export type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

export interface ConvAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

export const ACTIVATIONS: Record<string, NativeActivation> = { linear: 0, relu: 1 };

export function geometry(info: tf.backend_util.Conv2DInfo): Int32Array {
  return Int32Array.of(
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
    info.outChannels,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.outHeight,
    info.outWidth,
  );
}

/** A bias the addon can add: absent, or one value per output column. */
export function biasFits(bias: TensorInfo | undefined, columns: number): boolean {
  return bias === undefined || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === columns);
}
