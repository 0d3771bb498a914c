// Elementwise passes that training repeats on every activation.
#pragma once
#include <cstddef>

namespace audiodl {

// dx = dy where x > 0, 0 where x <= 0, NaN where x is NaN (tfjs' dy · step(x), in one pass).
void reluGrad(std::size_t n, const float* dy, const float* x, float* dx);

}  // namespace audiodl
