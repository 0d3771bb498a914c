#include "elementwise.h"

namespace audiodl {

__attribute__((target_clones("arch=x86-64-v3", "default"))) void reluGrad(std::size_t n, const float* __restrict dy,
                                                                            const float* __restrict x,
                                                                            float* __restrict dx) {
  for (std::size_t i = 0; i < n; i++) {
    const float v = x[i];
    // v != v: NaN, which step() passes on.
    dx[i] = v > 0.0f ? dy[i] : (v != v ? v : 0.0f);
  }
}

}  // namespace audiodl
