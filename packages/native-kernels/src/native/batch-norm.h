// Batch normalisation's training forward pass in one kernel: batch moments and the normalised output.
#pragma once
#include <cstddef>

namespace audiodl {

// x is [rows x channels] (channels last). mean and variance (biased, as tf.moments) get one value per channel,
// y = (x - mean) / sqrt(variance + epsilon) * gamma + beta. Sums run in double, in row order, in one pass over x.
void batchNormTrain(std::size_t rows, std::size_t channels, const float* x, const float* gamma, const float* beta,
                    float epsilon, float* y, float* mean, float* variance);

}  // namespace audiodl
