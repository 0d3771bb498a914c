import type { NativeKernels } from '@audio-dl/native-kernels';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdKernels } from '../simd/kernels';
import { callKernel, heapF32, heapOffset, type KernelFunc, type TensorInfo, withShape } from './kernel-utils';
import { type ConvAttrs, geometry } from './native-args';

const { util } = tf;

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Filter gradient of a 2-D convolution, missing from the shipped wasm backend (so no CNN could train).
 * dW[kh,kw,ci,co] = sum over (n,oh,ow) of x[n, oh*sh+kh-top, ow*sw+kw-left, ci] * dy[n,oh,ow,co]:
 * either one XNNPACK convolution with batch and channels swapped, or (few input channels, strides)
 * im2col writing the patches transposed, [kh*kw*ci, n*oh*ow], then one matmul with dy.
 */
export function makeConv2DBackpropFilter(
  matMul: KernelFunc,
  conv2d: KernelFunc,
  transpose: KernelFunc,
  kernels: SimdKernels | null,
): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
    const wasm = backend as BackendWasm;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const rows = filterHeight * filterWidth * inChannels;
    const cols = batchSize * outHeight * outWidth;

    // With many input channels the patches outgrow the tensors: then run it as one XNNPACK convolution
    // instead, batch and channels swapped: x as [ci, h, w, n] convolved with dy as a filter
    // [oh, ow, n, co] gives [ci, kh, kw, co]. Stride 1 only (larger strides would dilate the "filter").
    const patchValues = rows * cols;
    const moved = util.sizeFromShape(x.shape) + util.sizeFromShape(dy.shape);
    if (strideHeight === 1 && strideWidth === 1 && patchValues > 2 * moved) {
      const temporaries: TensorInfo[] = [];
      try {
        const xT = callKernel(transpose, wasm, { x }, { perm: [3, 1, 2, 0] });
        temporaries.push(xT);
        const dyT = callKernel(transpose, wasm, { x: dy }, { perm: [1, 2, 0, 3] });
        temporaries.push(dyT);
        const { top: t, bottom, left: l, right } = info.padInfo;
        const pads: tf.backend_util.ExplicitPadding = [
          [0, 0],
          [t, bottom],
          [l, right],
          [0, 0],
        ];
        const swapped = callKernel(
          conv2d,
          wasm,
          { x: xT, filter: dyT },
          { strides: 1, pad: pads, dataFormat: 'NHWC', dilations: 1 },
        );
        temporaries.push(swapped);
        return callKernel(transpose, wasm, { x: swapped }, { perm: [1, 2, 0, 3] });
      } finally {
        for (const tmp of temporaries) wasm.disposeData(tmp.dataId);
      }
    }
    const patches = wasm.makeOutput([1, rows, cols], 'float32');
    try {
      const p = heapF32(wasm, patches);
      const xv = heapF32(wasm, x);
      for (let kh = 0; kh < filterHeight; kh++) {
        for (let kw = 0; kw < filterWidth; kw++) {
          for (let ci = 0; ci < inChannels; ci++) {
            let o = ((kh * filterWidth + kw) * inChannels + ci) * cols;
            for (let n = 0; n < batchSize; n++) {
              for (let oh = 0; oh < outHeight; oh++) {
                const ih = oh * strideHeight + kh - top;
                if (ih < 0 || ih >= inHeight) {
                  p.fill(0, o, o + outWidth);
                  o += outWidth;
                  continue;
                }
                const rowBase = (n * inHeight + ih) * inWidth;
                for (let ow = 0; ow < outWidth; ow++) {
                  const iw = ow * strideWidth + kw - left;
                  p[o++] = iw >= 0 && iw < inWidth ? xv[(rowBase + iw) * inChannels + ci] : 0;
                }
              }
            }
          }
        }
      }
      if (kernels !== null && rows <= 32 && outChannels % 4 === 0) {
        // Few patch rows (a first layer's one input channel): kernels.wat's blocked SIMD product, ≈ 2× the
        // XNNPACK matmul, which packs all of dy as its "weights" first.
        const dW = wasm.makeOutput([...filterShape], 'float32');
        heapF32(wasm, dW).fill(0);
        const at = (t: TensorInfo) => heapOffset(wasm, t);
        kernels.matMulFewRows(at(patches), at(dy), at(dW), rows, cols, outChannels);
        return dW;
      }
      const out = callKernel(
        matMul,
        wasm,
        { a: patches, b: withShape(dy, [1, cols, outChannels]) },
        {
          transposeA: false,
          transposeB: false,
        },
      );
      return withShape(out, [...filterShape]);
    } finally {
      wasm.disposeData(patches.dataId);
    }
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
