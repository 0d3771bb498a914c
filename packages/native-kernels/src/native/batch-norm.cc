#include "batch-norm.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "target.h"

namespace audiodl {
namespace {

inline void batchNormLoop(std::size_t rows, std::size_t channels, const float* x, const float* gamma,
                          const float* beta, float epsilon, float* y, float* mean, float* variance) {
  // One pass for both moments, in double: E[x²] - E[x]² loses nothing that matters at float precision for the
  // sizes training meets, and saves a third read of x (this kernel is bound by memory).
  std::vector<double> sum(channels, 0.0);
  std::vector<double> squares(channels, 0.0);
  double* __restrict s1 = sum.data();
  double* __restrict s2 = squares.data();
  for (std::size_t r = 0; r < rows; r++) {
    const float* __restrict row = x + r * channels;
    for (std::size_t c = 0; c < channels; c++) {
      const double v = row[c];
      s1[c] += v;
      s2[c] += v * v;
    }
  }
  std::vector<float> mu(channels);
  std::vector<float> var(channels);
  for (std::size_t c = 0; c < channels; c++) {
    const double m = sum[c] / static_cast<double>(rows);
    mu[c] = static_cast<float>(m);
    var[c] = static_cast<float>(std::max(0.0, squares[c] / static_cast<double>(rows) - m * m));
  }
  std::vector<float> scale(channels);
  std::vector<float> shift(channels);
  for (std::size_t c = 0; c < channels; c++) {
    mean[c] = mu[c];
    variance[c] = var[c];
    scale[c] = gamma[c] / std::sqrt(var[c] + epsilon);
    shift[c] = beta[c] - mu[c] * scale[c];
  }
  const float* __restrict a = scale.data();
  const float* __restrict b = shift.data();
  for (std::size_t r = 0; r < rows; r++) {
    const float* __restrict in = x + r * channels;
    float* __restrict out = y + r * channels;
    for (std::size_t c = 0; c < channels; c++) out[c] = in[c] * a[c] + b[c];
  }
}

#ifdef AUDIODL_X86
AUDIODL_AVX2 void batchNormAvx2(std::size_t rows, std::size_t channels, const float* x, const float* gamma,
                                const float* beta, float epsilon, float* y, float* mean, float* variance) {
  batchNormLoop(rows, channels, x, gamma, beta, epsilon, y, mean, variance);
}
#endif

}  // namespace

void batchNormTrain(std::size_t rows, std::size_t channels, const float* x, const float* gamma, const float* beta,
                    float epsilon, float* y, float* mean, float* variance) {
#ifdef AUDIODL_X86
  if (cpuHasAvx2Fma()) return batchNormAvx2(rows, channels, x, gamma, beta, epsilon, y, mean, variance);
#endif
  batchNormLoop(rows, channels, x, gamma, beta, epsilon, y, mean, variance);
}

}  // namespace audiodl
