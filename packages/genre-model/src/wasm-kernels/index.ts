import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE, type AdamUpdateAttrs, makeAdamUpdate } from './adam-update';
import { makeTransposeFreeMatMul } from './batch-mat-mul';
import { BATCH_NORM_GRAD, makeBatchNormGrad } from './batch-norm-grad';
import { makeConv2DBackpropFilter } from './conv2d-backprop-filter';
import { makeConv2DBackpropInput } from './conv2d-backprop-input';
import { makeGatherV2 } from './gather';
import { makeCast, makeIdentity } from './identity';
import { type KernelFunc, shippedKernel } from './kernel-utils';
import { LSTM_BACKWARD, makeLstmBackward } from './lstm-backward';
import { LSTM_FORWARD, lstmForward } from './lstm-forward';
import { makeMaxPoolGrad } from './max-pool-grad';
import { makeMean } from './mean';
import {
  BATCH_NORM_TRAIN,
  makeNativeAdamUpdate,
  makeNativeBatchNormTrain,
  makeNativeConv2D,
  makeNativeConv2DBackpropFilter,
  makeNativeConv2DBackpropInput,
  makeNativeLstmBackward,
  makeNativeLstmForward,
  makeNativeMatMul,
  makeNativeReluGrad,
} from './native';
import { RELU_GRAD, registerReluGradient } from './relu-grad';
import { simdKernels } from './simd/kernels';
import { makeSum } from './sum';
import { makeTile } from './tile';

const ours = new WeakSet<KernelFunc>();
// The shipped kernels we build on, captured before the first replacement so that registering again (with or
// without the native kernels) wraps them and not our own.
const shipped = new Map<string, KernelFunc>();
let registeredNative: NativeKernels | null = null;

/** Takes back a kernel of ours: the shipped one where there was one, else none. */
function retract(kernelName: string): void {
  if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  const kernelFunc = shipped.get(kernelName);
  if (kernelFunc !== undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

function original(name: string): KernelFunc {
  const known = shipped.get(name);
  if (known !== undefined) return known;
  const kernel = shippedKernel(name);
  shipped.set(name, kernel);
  return kernel;
}

function replace(kernelName: string, kernelFunc: KernelFunc): void {
  if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  ours.add(kernelFunc);
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/**
 * Registers this package's kernels on the wasm backend: the ones training needs that it lacks, and
 * fast paths for slow ones. Call after the wasm backend has started (the shipped kernels we build on
 * must have run their setup). With `native` (`@audio-dl/native-kernels`, Node only) the products and convolutions
 * run there, the wasm versions kept for what it does not cover; calling again with another choice switches.
 * Idempotent; returns the names of our kernels.
 */
export function registerWasmKernels(native: NativeKernels | null = null): string[] {
  const names = [
    'BatchMatMul',
    '_FusedMatMul',
    'Conv2DBackpropFilter',
    'Conv2DBackpropInput',
    'Cast',
    'GatherV2',
    'Identity',
    'Tile',
    LSTM_FORWARD,
    LSTM_BACKWARD,
  ];
  // Without our SIMD kernels (an engine without SIMD) max-pool, Sum and Mean keep the shipped kernels, and
  // FastBatchNorm and FastAdam fall back to tfjs's ops.
  const simd = simdKernels(tf.backend() as BackendWasm);
  if (simd !== null) names.push('MaxPoolGrad', 'Sum', 'Mean', BATCH_NORM_GRAD);
  if (simd !== null || native !== null) names.push(ADAM_UPDATE);
  if (native !== null) names.push('Conv2D', 'FusedConv2D', BATCH_NORM_TRAIN, RELU_GRAD);
  registerReluGradient();
  const current = tf.getKernel('BatchMatMul', 'wasm');
  if (current !== undefined && ours.has(current.kernelFunc) && registeredNative === native) return names;
  registeredNative = native;

  const transpose = original('Transpose');
  const batchMatMul = original('BatchMatMul');
  const fusedMatMul = original('_FusedMatMul');
  const conv2d = original('Conv2D');
  const fusedConv2d = original('FusedConv2D');
  const matMul = makeTransposeFreeMatMul(batchMatMul, transpose);
  const fused = makeTransposeFreeMatMul(fusedMatMul, transpose);
  const filterGrad = makeConv2DBackpropFilter(batchMatMul, conv2d, transpose, simd);
  const inputGrad = makeConv2DBackpropInput(original('Conv2DBackpropInput'), conv2d);
  if (native === null) {
    // What only the native kernels provide, after registering with them (tests switch both ways).
    for (const name of [
      'Conv2D',
      'FusedConv2D',
      BATCH_NORM_TRAIN,
      RELU_GRAD,
      ...(simd === null ? [ADAM_UPDATE] : []),
    ]) {
      retract(name);
    }
    replace('BatchMatMul', matMul);
    replace('_FusedMatMul', fused);
    replace('Conv2DBackpropFilter', filterGrad);
    replace('Conv2DBackpropInput', inputGrad);
  } else {
    replace('BatchMatMul', makeNativeMatMul(native, matMul));
    replace('_FusedMatMul', makeNativeMatMul(native, fused));
    replace('Conv2DBackpropFilter', makeNativeConv2DBackpropFilter(native, filterGrad));
    replace('Conv2DBackpropInput', makeNativeConv2DBackpropInput(native, inputGrad));
    replace('Conv2D', makeNativeConv2D(native, conv2d));
    replace('FusedConv2D', makeNativeConv2D(native, fusedConv2d));
    replace(BATCH_NORM_TRAIN, makeNativeBatchNormTrain(native));
    replace(RELU_GRAD, makeNativeReluGrad(native));
  }
  replace('GatherV2', makeGatherV2(original('GatherV2')));
  replace('Identity', makeIdentity(original('Identity')));
  replace('Cast', makeCast(original('Cast')));
  replace('Tile', makeTile(original('Tile')));
  replace(LSTM_FORWARD, native === null ? lstmForward : makeNativeLstmForward(native));
  replace(LSTM_BACKWARD, native === null ? makeLstmBackward(transpose) : makeNativeLstmBackward(native));
  if (simd !== null) {
    replace('MaxPoolGrad', makeMaxPoolGrad(simd));
    replace('Sum', makeSum(original('Sum'), simd));
    replace('Mean', makeMean(original('Mean'), simd));
    replace(BATCH_NORM_GRAD, makeBatchNormGrad(simd));
    replace(ADAM_UPDATE, makeAdamUpdate(simd));
  }
  if (native !== null) replace(ADAM_UPDATE, makeNativeAdamUpdate(native));
  return names;
}

export { ADAM_UPDATE, type AdamUpdateAttrs, BATCH_NORM_GRAD, BATCH_NORM_TRAIN, LSTM_BACKWARD, LSTM_FORWARD, RELU_GRAD };
