import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE, makeAdamUpdate, makeNativeAdamUpdate } from './kernels/adam-update';
import { makeNativeMatMul, makeTransposeFreeMatMul } from './kernels/batch-mat-mul';
import { BATCH_NORM_GRAD, makeBatchNormGrad } from './kernels/batch-norm-grad';
import { BATCH_NORM_TRAIN, makeNativeBatchNormTrain } from './kernels/batch-norm-train';
import { makeNativeConv2D } from './kernels/conv2d';
import { makeConv2DBackpropFilter, makeNativeConv2DBackpropFilter } from './kernels/conv2d-backprop-filter';
import { makeConv2DBackpropInput, makeNativeConv2DBackpropInput } from './kernels/conv2d-backprop-input';
import { makeGatherV2 } from './kernels/gather';
import { makeCast, makeIdentity } from './kernels/identity';
import { type KernelFunc, shippedKernel } from './kernels/kernel-utils';
import { LSTM_BACKWARD, makeLstmBackward, makeNativeLstmBackward } from './kernels/lstm-backward';
import { LSTM_FORWARD, lstmForward, makeNativeLstmForward } from './kernels/lstm-forward';
import { makeMaxPoolGrad } from './kernels/max-pool-grad';
import { makeMean } from './kernels/mean';
import { makeNativeReluGrad, RELU_GRAD, registerReluGradient } from './kernels/relu-grad';
import { makeSum } from './kernels/sum';
import { makeTile } from './kernels/tile';
import { type SimdKernels, simdKernels } from './simd/kernels';

/** What a tier builds on: the shipped wasm kernels (captured before any of ours), and the SIMD kernels if they run. */
interface Tiers {
  shipped(name: string): KernelFunc;
  simd: SimdKernels | null;
}

/**
 * One kernel and its implementations, fastest last: `wasm` (JavaScript and the shipped kernels), `simd` (our
 * WebAssembly SIMD, where the engine has it), `native` (the C++ addon, Node only), which gets the tier below it —
 * or the shipped kernel — for what it does not cover. The fastest tier available is registered; a kernel with none
 * keeps (or gets back) the shipped one, or is absent.
 */
interface KernelRow {
  name: string;
  wasm?: (t: Tiers) => KernelFunc;
  simd?: (t: Tiers, simd: SimdKernels) => KernelFunc;
  native?: (native: NativeKernels, below: () => KernelFunc) => KernelFunc;
}

const matMul = (t: Tiers, name: string) => makeTransposeFreeMatMul(t.shipped(name), t.shipped('Transpose'));

/** Every kernel this package registers on the wasm backend, in the order `registerWasmKernels` lists them. */
const KERNELS: KernelRow[] = [
  { name: 'BatchMatMul', wasm: (t) => matMul(t, 'BatchMatMul'), native: (n, below) => makeNativeMatMul(n, below()) },
  { name: '_FusedMatMul', wasm: (t) => matMul(t, '_FusedMatMul'), native: (n, below) => makeNativeMatMul(n, below()) },
  {
    name: 'Conv2DBackpropFilter',
    wasm: (t) =>
      makeConv2DBackpropFilter(t.shipped('BatchMatMul'), t.shipped('Conv2D'), t.shipped('Transpose'), t.simd),
    native: (n, below) => makeNativeConv2DBackpropFilter(n, below()),
  },
  {
    name: 'Conv2DBackpropInput',
    wasm: (t) => makeConv2DBackpropInput(t.shipped('Conv2DBackpropInput'), t.shipped('Conv2D')),
    native: (n, below) => makeNativeConv2DBackpropInput(n, below()),
  },
  { name: 'Cast', wasm: (t) => makeCast(t.shipped('Cast')) },
  { name: 'GatherV2', wasm: (t) => makeGatherV2(t.shipped('GatherV2')) },
  { name: 'Identity', wasm: (t) => makeIdentity(t.shipped('Identity')) },
  { name: 'Tile', wasm: (t) => makeTile(t.shipped('Tile')) },
  { name: LSTM_FORWARD, wasm: () => lstmForward, native: makeNativeLstmForward },
  { name: LSTM_BACKWARD, wasm: (t) => makeLstmBackward(t.shipped('Transpose')), native: makeNativeLstmBackward },
  { name: 'MaxPoolGrad', simd: (_t, simd) => makeMaxPoolGrad(simd) },
  { name: 'Sum', simd: (t, simd) => makeSum(t.shipped('Sum'), simd) },
  { name: 'Mean', simd: (t, simd) => makeMean(t.shipped('Mean'), simd) },
  { name: BATCH_NORM_GRAD, simd: (_t, simd) => makeBatchNormGrad(simd) },
  { name: ADAM_UPDATE, simd: (_t, simd) => makeAdamUpdate(simd), native: makeNativeAdamUpdate },
  { name: 'Conv2D', native: (n, below) => makeNativeConv2D(n, below()) },
  { name: 'FusedConv2D', native: (n, below) => makeNativeConv2D(n, below()) },
  { name: BATCH_NORM_TRAIN, native: makeNativeBatchNormTrain },
  { name: RELU_GRAD, native: makeNativeReluGrad },
];

const ours = new WeakSet<KernelFunc>();
// The shipped kernels we build on, captured before the first replacement so that registering again (with or
// without the native kernels) wraps them and not our own; null where tfjs ships none.
const shipped = new Map<string, KernelFunc | null>();
let registeredNative: NativeKernels | null = null;

function shippedOrNull(name: string): KernelFunc | null {
  if (!shipped.has(name)) {
    const current = tf.getKernel(name, 'wasm');
    shipped.set(name, current === undefined || ours.has(current.kernelFunc) ? null : shippedKernel(name));
  }
  return shipped.get(name) ?? null;
}

const tiersOf = (simd: SimdKernels | null): Tiers => ({
  simd,
  shipped(name) {
    const kernel = shippedOrNull(name);
    if (kernel === null) throw new Error(`wasm backend has no '${name}' kernel to build on`);
    return kernel;
  },
});

/** The fastest implementation of `row` available, or null where it has none here. */
function pick(row: KernelRow, tiers: Tiers, native: NativeKernels | null): KernelFunc | null {
  const lower = () => {
    if (tiers.simd !== null && row.simd !== undefined) return row.simd(tiers, tiers.simd);
    return row.wasm?.(tiers) ?? null;
  };
  if (native !== null && row.native !== undefined) {
    return row.native(native, () => lower() ?? tiers.shipped(row.name));
  }
  return lower();
}

/** Puts `kernelFunc` in place of the kernel registered as `kernelName`, or (null) gives back the shipped one, if any. */
function place(kernelName: string, kernelFunc: KernelFunc | null): void {
  if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  const replacement = kernelFunc ?? shipped.get(kernelName) ?? null;
  if (kernelFunc !== null) ours.add(kernelFunc);
  if (replacement !== null) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: replacement });
}

/**
 * Registers this package's kernels on the wasm backend (one row of `KERNELS` each): the ones training needs that it
 * lacks, and fast paths for slow ones. Call after the wasm backend has started (the shipped kernels we build on
 * must have run their setup). With `native` (`@audio-dl/native-kernels`, Node only) the rows with a native tier run
 * there; calling again with another choice switches. Without our SIMD kernels (an engine without SIMD) the
 * SIMD-only rows keep the shipped kernels, and FastBatchNorm and FastAdam fall back to tfjs' ops.
 * Idempotent; returns the names of our kernels.
 */
export function registerWasmKernels(native: NativeKernels | null = null): string[] {
  const tiers = tiersOf(simdKernels(tf.backend() as BackendWasm));
  for (const row of KERNELS) shippedOrNull(row.name);
  registerReluGradient();
  const available = (row: KernelRow) =>
    row.wasm !== undefined ||
    (tiers.simd !== null && row.simd !== undefined) ||
    (native !== null && row.native !== undefined);
  const names = KERNELS.filter(available).map((row) => row.name);
  const current = tf.getKernel('BatchMatMul', 'wasm');
  if (current !== undefined && ours.has(current.kernelFunc) && registeredNative === native) return names;
  registeredNative = native;
  for (const row of KERNELS) place(row.name, pick(row, tiers, native));
  return names;
}
