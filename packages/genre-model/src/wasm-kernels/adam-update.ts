import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';

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
 */
export const adamUpdate: KernelFunc = ({ inputs, backend, attrs }) => {
  const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', TensorInfo>;
  const a = attrs as unknown as AdamUpdateAttrs;
  const wasm = backend as BackendWasm;
  const wOut = wasm.makeOutput([...w.shape], 'float32');
  const mOut = wasm.makeOutput([...w.shape], 'float32');
  const vOut = wasm.makeOutput([...w.shape], 'float32');
  const wv = heapF32(wasm, w);
  const gv = heapF32(wasm, g);
  const mv = heapF32(wasm, m);
  const vv = heapF32(wasm, v);
  const w2 = heapF32(wasm, wOut);
  const m2 = heapF32(wasm, mOut);
  const v2 = heapF32(wasm, vOut);
  const { beta1, beta2, epsilon } = a;
  const step = -a.learningRate;
  const c1 = 1 / a.correction1;
  const c2 = 1 / a.correction2;
  for (let i = 0; i < wv.length; i++) {
    const gi = gv[i];
    const mi = mv[i] * beta1 + gi * (1 - beta1);
    const vi = vv[i] * beta2 + gi * gi * (1 - beta2);
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = wv[i] + ((mi * c1) / (Math.sqrt(vi * c2) + epsilon)) * step;
  }
  return [wOut, mOut, vOut];
};
