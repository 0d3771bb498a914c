import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';

/** Kernel name of relu's gradient in one pass (ours): inputs dy and x, output dy where x > 0, else 0. */
export const RELU_GRAD = 'AudioDlReluGrad';

let registered = false;

/**
 * Relu's gradient as tfjs defines it, dy · step(x), but as one kernel where the backend has `AudioDlReluGrad` (the
 * native kernels): tfjs' own spends three (Step, Cast, Multiply), each a pass over the activation. Elsewhere the
 * same ops as tfjs. Registered once per process, for every backend (tfjs keeps one gradient per kernel name).
 */
export function registerReluGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as tf.Tensor[];
      const g = dy as tf.Tensor;
      return {
        x: () =>
          tf.getKernel(RELU_GRAD, tf.getBackend()) === undefined || x.dtype !== 'float32'
            ? tf.mul(g, tf.cast(tf.step(x), 'float32'))
            : (tf.engine().runKernel(RELU_GRAD, { dy: g, x }, {}) as tf.Tensor),
      };
    },
  });
}

/** `AudioDlReluGrad`: dy where x > 0, else 0, in one pass. */
export function makeNativeReluGrad(native: NativeKernels): KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
    const wasm = backend as BackendWasm;
    const dx = wasm.makeOutput([...x.shape], 'float32');
    native.reluGrad(tf.util.sizeFromShape(x.shape), heapF32(wasm, dy), heapF32(wasm, x), heapF32(wasm, dx));
    return dx;
  };
}
