import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';

/** Kernel name of batch norm's training forward pass (ours): outputs y, the batch mean and variance. */
export const BATCH_NORM_TRAIN = 'AudioDlBatchNormTrain';

/** `AudioDlBatchNormTrain`: inputs x (channels last), gamma, beta; attribute epsilon; outputs [y, mean, variance]. */
export function makeNativeBatchNormTrain(native: NativeKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
    const { epsilon } = attrs as unknown as { epsilon: number };
    const channels = x.shape[x.shape.length - 1] ?? 1;
    const rows = tf.util.sizeFromShape(x.shape) / channels;
    const wasm = backend as BackendWasm;
    const y = wasm.makeOutput([...x.shape], 'float32');
    const mean = wasm.makeOutput([channels], 'float32');
    const variance = wasm.makeOutput([channels], 'float32');
    const view = (t: TensorInfo) => heapF32(wasm, t);
    native.batchNormTrain(
      rows,
      channels,
      view(x),
      view(gamma),
      view(beta),
      epsilon,
      view(y),
      view(mean),
      view(variance),
    );
    return [y, mean, variance];
  };
}
