#include "conv.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "target.h"

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

// A 1x1 convolution with stride 1 and no padding (top, left, and the bottom and right its output implies) reads
// its input as the patch matrix itself.
bool patchesAreInput(const ConvGeometry& g) {
  return g.filterHeight == 1 && g.filterWidth == 1 && g.strideHeight == 1 && g.strideWidth == 1 && g.padTop == 0 &&
         g.padLeft == 0 && g.outHeight == g.inHeight && g.outWidth == g.inWidth;
}

// Walks output pixels in order (flat over batch, row, column). The AVX2 loops below use it directly: a lambda's
// body would not get their target attribute.
struct PixelCursor {
  const ConvGeometry& g;
  std::size_t n;
  int oh;
  int ow;
  PixelCursor(const ConvGeometry& geometry, std::size_t first)
      : g(geometry),
        n(first / (static_cast<std::size_t>(geometry.outHeight) * geometry.outWidth)),
        oh(static_cast<int>((first / geometry.outWidth) % geometry.outHeight)),
        ow(static_cast<int>(first % geometry.outWidth)) {}
  void next() {
    if (++ow == g.outWidth) {
      ow = 0;
      if (++oh == g.outHeight) {
        oh = 0;
        n++;
      }
    }
  }
};

// Visits output pixels first .. first+count-1 with their image and position.
template <typename Visit>
void forPixels(const ConvGeometry& g, std::size_t first, std::size_t count, Visit visit) {
  PixelCursor at(g, first);
  for (std::size_t p = 0; p < count; p++, at.next()) visit(at.n, at.oh, at.ow);
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

void addBiasActivation(float* y, std::size_t rows, int channels, const float* bias, Activation activation) {
  if (bias == nullptr && activation == Activation::Linear) return;
  for (std::size_t r = 0; r < rows; r++) {
    float* row = y + r * channels;
    for (int c = 0; c < channels; c++) {
      float v = bias == nullptr ? row[c] : row[c] + bias[c];
      if (activation == Activation::Relu && v < 0.0f) v = 0.0f;
      row[c] = v;
    }
  }
}

// Patches this narrow (a first layer's one channel: 3 x 3 = 9 values) make a poor product: packing and the
// output tile dominate. With AVX2 and output channels in whole vectors of 8, these loops run them directly.
constexpr std::size_t kDirectWidth = 16;

// (Not for an empty output: the loops below start a pixel cursor, which divides by the output's size.)
bool useDirect(const ConvGeometry& g) {
  return cpuHasAvx2Fma() && patchWidth(g) <= kDirectWidth && g.outChannels % 8 == 0 && g.outChannels > 0 &&
         totalPixels(g) > 0;
}

#ifdef AUDIODL_X86
// The input copied into a zero border wide enough for every window, so each tap of each pixel is one fixed
// offset from the pixel's corner: no bounds checks in the loops.
struct PaddedInput {
  std::size_t height, width, channels;
  std::vector<float> data;
  std::size_t offsets[kDirectWidth];  // per tap (kh, kw, ci), from the window's corner

  explicit PaddedInput(const ConvGeometry& g)
      : height(static_cast<std::size_t>((g.outHeight - 1) * g.strideHeight + (g.filterHeight - 1) * g.dilationHeight + 1)),
        width(static_cast<std::size_t>((g.outWidth - 1) * g.strideWidth + (g.filterWidth - 1) * g.dilationWidth + 1)),
        channels(g.inChannels),
        data(static_cast<std::size_t>(g.batch) * height * width * channels, 0.0f) {
    std::size_t k = 0;
    for (int kh = 0; kh < g.filterHeight; kh++) {
      for (int kw = 0; kw < g.filterWidth; kw++) {
        for (std::size_t c = 0; c < channels; c++) {
          offsets[k++] = (kh * g.dilationHeight * width + kw * g.dilationWidth) * channels + c;
        }
      }
    }
  }

  // Where padded row r, column q of image n lies in the unpadded input, or false outside it.
  bool source(const ConvGeometry& g, std::size_t r, std::size_t q, int& ih, int& iw) const {
    ih = static_cast<int>(r) - g.padTop;
    iw = static_cast<int>(q) - g.padLeft;
    return ih >= 0 && ih < g.inHeight && iw >= 0 && iw < g.inWidth;
  }

  void fill(const ConvGeometry& g, const float* x) {
    for (int n = 0; n < g.batch; n++) {
      for (std::size_t r = 0; r < height; r++) {
        for (std::size_t q = 0; q < width; q++) {
          int ih, iw;
          if (!source(g, r, q, ih, iw)) continue;
          const float* from = x + ((static_cast<std::size_t>(n) * g.inHeight + ih) * g.inWidth + iw) * channels;
          float* to = data.data() + ((n * height + r) * width + q) * channels;
          for (std::size_t c = 0; c < channels; c++) to[c] = from[c];
        }
      }
    }
  }

  // Adds the padded buffer back onto dx, dropping the border (the adjoint of fill).
  void drain(const ConvGeometry& g, float* dx) const {
    for (int n = 0; n < g.batch; n++) {
      for (std::size_t r = 0; r < height; r++) {
        for (std::size_t q = 0; q < width; q++) {
          int ih, iw;
          if (!source(g, r, q, ih, iw)) continue;
          float* to = dx + ((static_cast<std::size_t>(n) * g.inHeight + ih) * g.inWidth + iw) * channels;
          const float* from = data.data() + ((n * height + r) * width + q) * channels;
          for (std::size_t c = 0; c < channels; c++) to[c] += from[c];
        }
      }
    }
  }

  // The window corner of output pixel (n, oh, ow).
  std::size_t corner(const ConvGeometry& g, const PixelCursor& at) const {
    return ((at.n * height + static_cast<std::size_t>(at.oh) * g.strideHeight) * width +
            static_cast<std::size_t>(at.ow) * g.strideWidth) *
           channels;
  }
};

__attribute__((target("avx2,fma"))) void directForward(const ConvGeometry& g, const float* x, const float* w,
                                                        float* y) {
  const std::size_t taps = patchWidth(g);
  const int co = g.outChannels;
  PaddedInput in(g);
  in.fill(g, x);
  const std::size_t total = totalPixels(g);
  PixelCursor at(g, 0);
  for (std::size_t p = 0; p < total; p++, at.next()) {
    const float* window = in.data.data() + in.corner(g, at);
    for (int c = 0; c < co; c += 8) {
      __m256 acc = _mm256_setzero_ps();
      for (std::size_t k = 0; k < taps; k++) {
        acc = _mm256_fmadd_ps(_mm256_broadcast_ss(window + in.offsets[k]), _mm256_loadu_ps(w + k * co + c), acc);
      }
      _mm256_storeu_ps(y + c, acc);
    }
    y += co;
  }
}

// dW in blocks of 256 pixels, each summed apart and then added, which keeps long sums accurate.
__attribute__((target("avx2,fma"))) void directFilterGrad(const ConvGeometry& g, const float* x, const float* dy,
                                                           float* dw) {
  const std::size_t taps = patchWidth(g);
  const int co = g.outChannels;
  PaddedInput in(g);
  in.fill(g, x);
  const std::size_t total = totalPixels(g);
  std::vector<float> block(taps * co);
  std::fill(dw, dw + taps * co, 0.0f);
  PixelCursor at(g, 0);
  for (std::size_t first = 0; first < total; first += 256) {
    std::fill(block.begin(), block.end(), 0.0f);
    const std::size_t count = std::min<std::size_t>(256, total - first);
    for (std::size_t p = 0; p < count; p++, at.next()) {
      const float* window = in.data.data() + in.corner(g, at);
      const float* d = dy + (first + p) * co;
      for (int c = 0; c < co; c += 8) {
        const __m256 dv = _mm256_loadu_ps(d + c);
        for (std::size_t k = 0; k < taps; k++) {
          float* acc = block.data() + k * co + c;
          _mm256_storeu_ps(acc, _mm256_fmadd_ps(_mm256_broadcast_ss(window + in.offsets[k]), dv, _mm256_loadu_ps(acc)));
        }
      }
    }
    for (std::size_t i = 0; i < taps * co; i++) dw[i] += block[i];
  }
}

__attribute__((target("avx2,fma"))) void directInputGrad(const ConvGeometry& g, const float* dy, const float* w,
                                                          float* dx) {
  const std::size_t taps = patchWidth(g);
  const int co = g.outChannels;
  // W^T as [CO, 16] rows, zero-padded, so a pixel's patch gradient is 16 lanes of dy[c] * row c summed over c.
  std::vector<float> rows(static_cast<std::size_t>(co) * kDirectWidth, 0.0f);
  for (std::size_t k = 0; k < taps; k++) {
    for (int c = 0; c < co; c++) rows[c * kDirectWidth + k] = w[k * co + c];
  }
  PaddedInput out(g);
  const std::size_t total = totalPixels(g);
  alignas(32) float patch[kDirectWidth];
  PixelCursor at(g, 0);
  for (std::size_t p = 0; p < total; p++, at.next()) {
    __m256 lo = _mm256_setzero_ps();
    __m256 hi = _mm256_setzero_ps();
    for (int c = 0; c < co; c++) {
      const __m256 d = _mm256_set1_ps(dy[c]);
      lo = _mm256_fmadd_ps(d, _mm256_loadu_ps(rows.data() + c * kDirectWidth), lo);
      hi = _mm256_fmadd_ps(d, _mm256_loadu_ps(rows.data() + c * kDirectWidth + 8), hi);
    }
    _mm256_store_ps(patch, lo);
    _mm256_store_ps(patch + 8, hi);
    dy += co;
    float* window = out.data.data() + out.corner(g, at);
    for (std::size_t k = 0; k < taps; k++) window[out.offsets[k]] += patch[k];
  }
  std::fill(dx, dx + static_cast<std::size_t>(g.batch) * g.inHeight * g.inWidth * g.inChannels, 0.0f);
  out.drain(g, dx);
}
#else
void directForward(const ConvGeometry&, const float*, const float*, float*) {}
void directFilterGrad(const ConvGeometry&, const float*, const float*, float*) {}
void directInputGrad(const ConvGeometry&, const float*, const float*, float*) {}
#endif

}  // namespace

void conv2d(const ConvGeometry& g, const float* x, const float* w, const float* bias, Activation activation, float* y) {
  const std::size_t width = patchWidth(g);
  const std::size_t total = totalPixels(g);
  if (useDirect(g)) {
    directForward(g, x, w, y);
    addBiasActivation(y, total, g.outChannels, bias, activation);
    return;
  }
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
    addBiasActivation(out, rows, g.outChannels, bias, activation);  // while the block is still in cache
  }
}

void conv2dBackpropInput(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  const std::size_t width = patchWidth(g);
  if (useDirect(g)) {
    directInputGrad(g, dy, w, dx);
    return;
  }
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
  if (useDirect(g)) {
    directFilterGrad(g, x, dy, dw);
    return;
  }
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
