#include "batch-norm.h"

#include <cmath>
#include <vector>

namespace audiodl {

void batchNormTrain(std::size_t rows, std::size_t channels, const float* x, const float* gamma, const float* beta,
                    float epsilon, float* y, float* mean, float* variance) {
  std::vector<double> sum(channels, 0.0);
  for (std::size_t r = 0; r < rows; r++) {
    const float* row = x + r * channels;
    for (std::size_t c = 0; c < channels; c++) sum[c] += row[c];
  }
  std::vector<float> mu(channels);
  for (std::size_t c = 0; c < channels; c++) mu[c] = static_cast<float>(sum[c] / static_cast<double>(rows));
  // Squared deviations from the float mean, as tf.moments computes them.
  std::fill(sum.begin(), sum.end(), 0.0);
  for (std::size_t r = 0; r < rows; r++) {
    const float* row = x + r * channels;
    for (std::size_t c = 0; c < channels; c++) {
      const float d = row[c] - mu[c];
      sum[c] += static_cast<double>(d) * d;
    }
  }
  std::vector<float> scale(channels);
  std::vector<float> shift(channels);
  for (std::size_t c = 0; c < channels; c++) {
    const float var = static_cast<float>(sum[c] / static_cast<double>(rows));
    mean[c] = mu[c];
    variance[c] = var;
    scale[c] = gamma[c] / std::sqrt(var + epsilon);
    shift[c] = beta[c] - mu[c] * scale[c];
  }
  for (std::size_t r = 0; r < rows; r++) {
    const float* in = x + r * channels;
    float* out = y + r * channels;
    for (std::size_t c = 0; c < channels; c++) out[c] = in[c] * scale[c] + shift[c];
  }
}

}  // namespace audiodl
