import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFunc, TensorInfo } from './kernel-utils';

/**
 * `Identity` (what `clone()` runs) sharing the input's data instead of copying it, as the cpu backend does: no
 * kernel writes its inputs in place, so the two tensors can share one buffer, counted by the backend until both
 * are disposed. tfjs' `customGrad` clones every tensor it saves for the gradient — in training, a copy of each
 * large activation per layer per batch (≈ 11 ms of `mel-cnn`'s 180 ms). Strings keep the shipped kernel.
 */
export function makeIdentity(shipped: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    return x.dtype === 'string' ? shipped(args) : share(args.backend as BackendWasm, x);
  };
}

function share(backend: BackendWasm, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** `Cast` to the dtype a tensor already has (tfjs' relu gradient casts its float step): shared like `Identity`. */
export function makeCast(shipped: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as { dtype: string };
    return x.dtype !== dtype || x.dtype === 'string' ? shipped(args) : share(args.backend as BackendWasm, x);
  };
}
