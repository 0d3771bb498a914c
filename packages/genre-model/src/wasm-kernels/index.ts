import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE, type AdamUpdateAttrs, makeAdamUpdate } from './adam-update';
import { makeTransposeFreeMatMul } from './batch-mat-mul';
import { BATCH_NORM_GRAD, makeBatchNormGrad } from './batch-norm-grad';
import { makeConv2DBackpropFilter } from './conv2d-backprop-filter';
import { makeConv2DBackpropInput } from './conv2d-backprop-input';
import { makeGatherV2 } from './gather';
import { type KernelFunc, shippedKernel } from './kernel-utils';
import { LSTM_BACKWARD, makeLstmBackward } from './lstm-backward';
import { LSTM_FORWARD, lstmForward } from './lstm-forward';
import { makeMaxPoolGrad } from './max-pool-grad';
import { makeMean } from './mean';
import { simdKernels } from './simd/kernels';
import { makeSum } from './sum';
import { makeTile } from './tile';

const ours = new WeakSet<KernelFunc>();

function replace(kernelName: string, kernelFunc: KernelFunc): void {
  if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  ours.add(kernelFunc);
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/**
 * Registers this package's kernels on the wasm backend: the ones training needs that it lacks, and
 * fast paths for slow ones. Call after the wasm backend has started (the shipped kernels we build on
 * must have run their setup). Idempotent; returns the names of the kernels that are ours.
 */
export function registerWasmKernels(): string[] {
  const names = [
    'BatchMatMul',
    '_FusedMatMul',
    'Conv2DBackpropFilter',
    'Conv2DBackpropInput',
    'GatherV2',
    'Tile',
    LSTM_FORWARD,
    LSTM_BACKWARD,
  ];
  // Without our SIMD kernels (an engine without SIMD) max-pool, Sum and Mean keep the shipped kernels, and
  // FastBatchNorm and FastAdam fall back to tfjs's ops.
  const simd = simdKernels(tf.backend() as BackendWasm);
  if (simd !== null) names.push('MaxPoolGrad', 'Sum', 'Mean', BATCH_NORM_GRAD, ADAM_UPDATE);
  const current = tf.getKernel('BatchMatMul', 'wasm');
  if (current !== undefined && ours.has(current.kernelFunc)) return names;

  const transpose = shippedKernel('Transpose');
  const batchMatMul = shippedKernel('BatchMatMul');
  const fusedMatMul = shippedKernel('_FusedMatMul');
  replace('BatchMatMul', makeTransposeFreeMatMul(batchMatMul, transpose));
  replace('_FusedMatMul', makeTransposeFreeMatMul(fusedMatMul, transpose));
  replace('Conv2DBackpropFilter', makeConv2DBackpropFilter(batchMatMul, shippedKernel('Conv2D'), transpose, simd));
  replace(
    'Conv2DBackpropInput',
    makeConv2DBackpropInput(shippedKernel('Conv2DBackpropInput'), shippedKernel('Conv2D')),
  );
  replace('GatherV2', makeGatherV2(shippedKernel('GatherV2')));
  replace('Tile', makeTile(shippedKernel('Tile')));
  replace(LSTM_FORWARD, lstmForward);
  replace(LSTM_BACKWARD, makeLstmBackward(transpose));
  if (simd !== null) {
    replace('MaxPoolGrad', makeMaxPoolGrad(simd));
    replace('Sum', makeSum(shippedKernel('Sum'), simd));
    replace('Mean', makeMean(shippedKernel('Mean'), simd));
    replace(BATCH_NORM_GRAD, makeBatchNormGrad(simd));
    replace(ADAM_UPDATE, makeAdamUpdate(simd));
  }
  return names;
}

export { ADAM_UPDATE, type AdamUpdateAttrs, BATCH_NORM_GRAD, LSTM_BACKWARD, LSTM_FORWARD };
