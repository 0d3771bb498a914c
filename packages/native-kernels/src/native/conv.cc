#include "conv.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

#include "gemm.h"

namespace audiodl {
namespace {

// Output pixels (over the whole batch) are taken in blocks whose patches fit in about 384 KB, so im2col writes
// them to cache and the product packs them from there; at least 256 rows keep the micro-kernel busy.
constexpr std::size_t kPatchBudget = 96u << 10;
constexpr std::size_t kMinRows = 256;

std::size_t patchWidth(const ConvGeometry& g) {
  return static_cast<std::size_t>(g.filterHeight) * g.filterWidth * g.inChannels;
}

std::size_t totalPixels(const ConvGeometry& g) {
  return static_cast<std::size_t>(g.batch) * g.outHeight * g.outWidth;
}

std::size_t rowsPerBlock(const ConvGeometry& g) {
  const std::size_t rows = std::max(kMinRows, kPatchBudget / std::max<std::size_t>(1, patchWidth(g)));
  return std::min(rows, std::max<std::size_t>(1, totalPixels(g)));
}

// A 1x1 convolution with stride 1 and no padding reads its input as the patch matrix itself.
bool patchesAreInput(const ConvGeometry& g) {
  return g.filterHeight == 1 && g.filterWidth == 1 && g.strideHeight == 1 && g.strideWidth == 1 && g.padTop == 0 &&
         g.padLeft == 0;
}

// Visits output pixels first .. first+count-1 (flat over batch, row, column) with their image and position.
template <typename Visit>
void forPixels(const ConvGeometry& g, std::size_t first, std::size_t count, Visit visit) {
  const std::size_t perImage = static_cast<std::size_t>(g.outHeight) * g.outWidth;
  std::size_t n = first / perImage;
  int oh = static_cast<int>((first % perImage) / g.outWidth);
  int ow = static_cast<int>(first % g.outWidth);
  for (std::size_t p = 0; p < count; p++) {
    visit(n, oh, ow);
    if (++ow == g.outWidth) {
      ow = 0;
      if (++oh == g.outHeight) {
        oh = 0;
        n++;
      }
    }
  }
}

// col[p, (kh*KW + kw)*CI + ci] for a block of output pixels (zeros where the window leaves the input).
// A loop copies the few channels of first layers, where a memcpy call per tap would dominate.
void im2col(const ConvGeometry& g, const float* x, std::size_t first, std::size_t count, float* col) {
  const std::size_t ci = g.inChannels;
  const std::size_t image = static_cast<std::size_t>(g.inHeight) * g.inWidth * ci;
  forPixels(g, first, count, [&](std::size_t n, int oh, int ow) {
    const float* src = x + n * image;
    for (int kh = 0; kh < g.filterHeight; kh++) {
      const int ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
      for (int kw = 0; kw < g.filterWidth; kw++) {
        const int iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
        if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) {
          for (std::size_t c = 0; c < ci; c++) col[c] = 0.0f;
        } else {
          const float* from = src + (static_cast<std::size_t>(ih) * g.inWidth + iw) * ci;
          if (ci < 8) {
            for (std::size_t c = 0; c < ci; c++) col[c] = from[c];
          } else {
            std::memcpy(col, from, ci * sizeof(float));
          }
        }
        col += ci;
      }
    }
  });
}

// The adjoint of im2col: adds each patch value back onto the input position it was read from.
void col2imAdd(const ConvGeometry& g, const float* col, std::size_t first, std::size_t count, float* dx) {
  const std::size_t ci = g.inChannels;
  const std::size_t image = static_cast<std::size_t>(g.inHeight) * g.inWidth * ci;
  forPixels(g, first, count, [&](std::size_t n, int oh, int ow) {
    float* dst = dx + n * image;
    for (int kh = 0; kh < g.filterHeight; kh++) {
      const int ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
      for (int kw = 0; kw < g.filterWidth; kw++) {
        const int iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
        if (ih >= 0 && ih < g.inHeight && iw >= 0 && iw < g.inWidth) {
          float* to = dst + (static_cast<std::size_t>(ih) * g.inWidth + iw) * ci;
          for (std::size_t c = 0; c < ci; c++) to[c] += col[c];
        }
        col += ci;
      }
    }
  });
}

float* patchBuffer(std::size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}

}  // namespace

void conv2d(const ConvGeometry& g, const float* x, const float* w, const float* bias, Activation activation, float* y) {
  const std::size_t width = patchWidth(g);
  const std::size_t total = totalPixels(g);
  const std::size_t block = rowsPerBlock(g);
  const bool direct = patchesAreInput(g);
  float* col = direct ? nullptr : patchBuffer(block * width);
  for (std::size_t p = 0; p < total; p += block) {
    const std::size_t rows = std::min(block, total - p);
    const float* patches = x + p * width;
    if (!direct) {
      im2col(g, x, p, rows, col);
      patches = col;
    }
    float* out = y + p * g.outChannels;
    gemm(static_cast<int>(rows), g.outChannels, static_cast<int>(width), {patches, static_cast<std::ptrdiff_t>(width), 1},
         {w, g.outChannels, 1}, out, g.outChannels, false);
    if (bias == nullptr && activation == Activation::Linear) continue;
    // While the block is still in cache.
    for (std::size_t r = 0; r < rows; r++) {
      float* row = out + r * g.outChannels;
      for (int c = 0; c < g.outChannels; c++) {
        float v = bias == nullptr ? row[c] : row[c] + bias[c];
        if (activation == Activation::Relu && v < 0.0f) v = 0.0f;
        row[c] = v;
      }
    }
  }
}

void conv2dBackpropInput(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  const std::size_t width = patchWidth(g);
  const std::size_t total = totalPixels(g);
  const std::size_t block = rowsPerBlock(g);
  const bool direct = patchesAreInput(g);
  // W^T as [CO, KH*KW*CI] rows, so the product reads it contiguously.
  std::vector<float> wT(width * g.outChannels);
  for (std::size_t k = 0; k < width; k++) {
    for (int c = 0; c < g.outChannels; c++) wT[c * width + k] = w[k * g.outChannels + c];
  }
  if (!direct) std::fill(dx, dx + static_cast<std::size_t>(g.batch) * g.inHeight * g.inWidth * g.inChannels, 0.0f);
  float* col = direct ? nullptr : patchBuffer(block * width);
  for (std::size_t p = 0; p < total; p += block) {
    const std::size_t rows = std::min(block, total - p);
    float* target = direct ? dx + p * width : col;
    gemm(static_cast<int>(rows), static_cast<int>(width), g.outChannels, {dy + p * g.outChannels, g.outChannels, 1},
         {wT.data(), static_cast<std::ptrdiff_t>(width), 1}, target, static_cast<std::ptrdiff_t>(width), false);
    if (!direct) col2imAdd(g, col, p, rows, dx);
  }
}

void conv2dBackpropFilter(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  const std::size_t width = patchWidth(g);
  const std::size_t total = totalPixels(g);
  const std::size_t block = rowsPerBlock(g);
  const bool direct = patchesAreInput(g);
  float* col = direct ? nullptr : patchBuffer(block * width);
  if (total == 0) std::fill(dw, dw + width * g.outChannels, 0.0f);
  for (std::size_t p = 0; p < total; p += block) {
    const std::size_t rows = std::min(block, total - p);
    const float* patches = x + p * width;
    if (!direct) {
      im2col(g, x, p, rows, col);
      patches = col;
    }
    // dW[k, co] += sum over pixels of col[p, k] dy[p, co]: the patches read transposed through their strides.
    gemm(static_cast<int>(width), g.outChannels, static_cast<int>(rows), {patches, 1, static_cast<std::ptrdiff_t>(width)},
         {dy + p * g.outChannels, g.outChannels, 1}, dw, g.outChannels, p > 0);
  }
}

}  // namespace audiodl
