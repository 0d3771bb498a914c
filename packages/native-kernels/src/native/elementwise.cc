#include "elementwise.h"

#include "target.h"

namespace audiodl {

AUDIODL_CLONES void reluGrad(std::size_t n, const float* __restrict dy, const float* __restrict x,
                             float* __restrict dx) {
  for (std::size_t i = 0; i < n; i++) {
    const float v = x[i];
    // v != v: NaN, which step() passes on.
    dx[i] = v > 0.0f ? dy[i] : (v != v ? v : 0.0f);
  }
}

}  // namespace audiodl
