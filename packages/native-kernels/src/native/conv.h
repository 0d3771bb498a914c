// 2-D convolution (NHWC input, HWIO filter) and its two gradients, lowered to gemm through im2col.
#pragma once

namespace audiodl {

struct ConvGeometry {
  int batch, inHeight, inWidth, inChannels;
  int filterHeight, filterWidth, outChannels;
  int strideHeight, strideWidth, dilationHeight, dilationWidth;
  int padTop, padLeft, outHeight, outWidth;
};

enum class Activation { Linear = 0, Relu = 1 };

// y[n, oh, ow, co] = activation(sum x[n, oh*sh + kh*dh - top, ow*sw + kw*dw - left, ci] w[kh, kw, ci, co] + bias[co]);
// bias may be null.
void conv2d(const ConvGeometry& g, const float* x, const float* w, const float* bias, Activation activation, float* y);

// dx = the gradient of conv2d's output with respect to x, given dy (no bias, linear activation).
void conv2dBackpropInput(const ConvGeometry& g, const float* dy, const float* w, float* dx);

// dw = the gradient of conv2d's output with respect to w, given x and dy.
void conv2dBackpropFilter(const ConvGeometry& g, const float* x, const float* dy, float* dw);

}  // namespace audiodl
