import type { NativeActivation, NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { AdamUpdateAttrs } from './adam-update';
import { heapF32, type KernelFunc, type TensorInfo } from './kernel-utils';
import type { LstmAttrs } from './lstm-forward';

// The native kernels work on the wasm heap in place: tensors are viewed there (after every makeOutput, which may
// grow the heap) and the addon reads and writes those views. Whatever they do not cover goes to the fallback.

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

interface ConvAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

const ACTIVATIONS: Record<string, NativeActivation> = { linear: 0, relu: 1 };

function geometry(info: tf.backend_util.Conv2DInfo): Int32Array {
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
function biasFits(bias: TensorInfo | undefined, columns: number): boolean {
  return bias === undefined || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === columns);
}

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

/** `Conv2DBackpropInput`: dx by GEMM with the filter transposed, then col2im. */
export function makeNativeConv2DBackpropInput(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    if (attrs.dataFormat === 'NCHW') return fallback(args);
    const filterShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const wasm = args.backend as BackendWasm;
    const dx = wasm.makeOutput([...attrs.inputShape], 'float32');
    native.conv2dBackpropInput(geometry(info), heapF32(wasm, dy), heapF32(wasm, filter), heapF32(wasm, dx));
    return dx;
  };
}

/** `Conv2DBackpropFilter`: dW as one GEMM of the patches (read transposed) with dy per chunk of images. */
export function makeNativeConv2DBackpropFilter(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
    if (attrs.dataFormat === 'NCHW') return fallback(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const wasm = args.backend as BackendWasm;
    const dw = wasm.makeOutput([...attrs.filterShape], 'float32');
    native.conv2dBackpropFilter(geometry(info), heapF32(wasm, x), heapF32(wasm, dy), heapF32(wasm, dw));
    return dw;
  };
}

/**
 * `BatchMatMul` and `_FusedMatMul` (bias, linear or relu) for unbatched products, transposes read in place
 * through strides; batched products and other activations go to the fallback.
 */
export function makeNativeMatMul(native: NativeKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean; activation?: string };
    const activation = ACTIVATIONS[attrs.activation ?? 'linear'];
    if (a === undefined || b === undefined) throw new Error('MatMul needs a and b');
    const batch = (t: TensorInfo) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const rows = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 1 : 2)] ?? 1;
    const cols = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 2 : 1)] ?? 1;
    const M = rows(a, attrs.transposeA);
    const K = cols(a, attrs.transposeA);
    const N = cols(b, attrs.transposeB);
    if (
      batch(a) !== 1 ||
      batch(b) !== 1 ||
      activation === undefined ||
      preluActivationWeights !== undefined ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      !biasFits(bias, N)
    ) {
      return fallback(args);
    }
    const lead = (a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2);
    const wasm = args.backend as BackendWasm;
    const c = wasm.makeOutput([...lead, M, N], 'float32');
    const biasView = bias === undefined ? null : heapF32(wasm, bias);
    const [av, bv, cv] = [heapF32(wasm, a), heapF32(wasm, b), heapF32(wasm, c)];
    native.matMul(M, N, K, av, attrs.transposeA, bv, attrs.transposeB, cv, biasView, activation);
    return c;
  };
}

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

/** `AudioDlLstmForward` natively: the same inputs, attributes and outputs as the WebAssembly kernel. */
export function makeNativeLstmForward(native: NativeKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { xw, recurrent } = inputs as { xw: TensorInfo; recurrent: TensorInfo };
    const { hardSigmoid } = attrs as unknown as LstmAttrs;
    const wasm = backend as BackendWasm;
    const [batch, steps, four] = xw.shape as [number, number, number];
    const units = four / 4;
    const outputs = [units, units, four, units].map((width) => wasm.makeOutput([batch, steps, width], 'float32'));
    const [hs, cs, gates, tanhCs] = outputs.map((t) => heapF32(wasm, t));
    native.lstmForward(
      batch,
      steps,
      units,
      hardSigmoid,
      heapF32(wasm, xw),
      heapF32(wasm, recurrent),
      hs,
      cs,
      gates,
      tanhCs,
    );
    return outputs;
  };
}

/** `AudioDlLstmBackward` natively: the same inputs, attributes and output as the WebAssembly kernel. */
export function makeNativeLstmBackward(native: NativeKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dhs, cs, tanhCs, gates, recurrent } = inputs as Record<
      'dhs' | 'cs' | 'tanhCs' | 'gates' | 'recurrent',
      TensorInfo
    >;
    const { hardSigmoid } = attrs as unknown as LstmAttrs;
    const wasm = backend as BackendWasm;
    const [batch, steps, four] = gates.shape as [number, number, number];
    const dz = wasm.makeOutput([batch, steps, four], 'float32');
    const view = (t: TensorInfo) => heapF32(wasm, t);
    native.lstmBackward(
      batch,
      steps,
      four / 4,
      hardSigmoid,
      view(dhs),
      view(cs),
      view(tanhCs),
      view(gates),
      view(recurrent),
      view(dz),
    );
    return dz;
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
