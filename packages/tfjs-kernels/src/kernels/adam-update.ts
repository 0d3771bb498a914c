import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdKernels } from '../simd/kernels';
import { heapF32, heapOffset, type KernelFunc, type TensorInfo } from './kernel-utils';

/** Kernel name of the fused Adam step (ours). */
export const ADAM_UPDATE = 'AudioDlAdamUpdate';

export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 - beta1^t and 1 - beta2^t, the bias corrections of this step. */
  correction1: number;
  correction2: number;
}

/**
 * One Adam step for one variable, in one pass: m' = β1·m + (1-β1)·g, v' = β2·v + (1-β2)·g²,
 * w' = w - lr·(m'/c1)/(√(v'/c2) + ε), the formulas of tfjs's AdamOptimizer, which spends a dozen
 * elementwise kernels (each a full pass over memory) on them. Inputs w, g, m, v; outputs w', m', v'.
 * The loop is kernels.wat's SIMD `adam` (≈ 6× a JavaScript loop: 0.6 against 3.4 ms for the §10 MLP's
 * 865 280-weight kernel); registered only where those kernels start.
 */
export function makeAdamUpdate(kernels: SimdKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', TensorInfo>;
    const a = attrs as unknown as AdamUpdateAttrs;
    const wasm = backend as BackendWasm;
    const outputs = [0, 1, 2].map(() => wasm.makeOutput([...w.shape], 'float32'));
    const [wOut, mOut, vOut] = outputs;
    const at = (t: TensorInfo) => heapOffset(wasm, t);
    const n = tf.util.sizeFromShape(w.shape);
    const { beta1, beta2, epsilon, learningRate, correction1, correction2 } = a;
    kernels.adam(
      at(w),
      at(g),
      at(m),
      at(v),
      at(wOut),
      at(mOut),
      at(vOut),
      n,
      beta1,
      beta2,
      epsilon,
      -learningRate,
      1 / correction1,
      1 / correction2,
    );
    return outputs;
  };
}

/** `AudioDlAdamUpdate` natively (split across the thread's pool when one is set): inputs w, g, m, v; outputs w', m', v'. */
export function makeNativeAdamUpdate(native: NativeKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', TensorInfo>;
    const a = attrs as unknown as AdamUpdateAttrs;
    const wasm = backend as BackendWasm;
    const outputs = [0, 1, 2].map(() => wasm.makeOutput([...w.shape], 'float32'));
    const [wOut, mOut, vOut] = outputs.map((t) => heapF32(wasm, t));
    const view = (t: TensorInfo) => heapF32(wasm, t);
    const n = tf.util.sizeFromShape(w.shape);
    native.adamUpdate(
      n,
      view(w),
      view(g),
      view(m),
      view(v),
      wOut,
      mOut,
      vOut,
      a.beta1,
      a.beta2,
      a.epsilon,
      a.learningRate,
      a.correction1,
      a.correction2,
    );
    return outputs;
  };
}
