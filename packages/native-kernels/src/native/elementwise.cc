#include "elementwise.h"

#include "target.h"

namespace audiodl {
namespace {

inline void reluGradLoop(std::size_t n, const float* __restrict dy, const float* __restrict x, float* __restrict dx) {
  for (std::size_t i = 0; i < n; i++) {
    const float v = x[i];
    // v != v: NaN, which step() passes on.
    dx[i] = v > 0.0f ? dy[i] : (v != v ? v : 0.0f);
  }
}

#ifdef AUDIODL_X86
AUDIODL_AVX2 void reluGradAvx2(std::size_t n, const float* dy, const float* x, float* dx) { reluGradLoop(n, dy, x, dx); }
#endif

}  // namespace

void reluGrad(std::size_t n, const float* dy, const float* x, float* dx) {
#ifdef AUDIODL_X86
  if (cpuHasAvx2Fma()) return reluGradAvx2(n, dy, x, dx);
#endif
  reluGradLoop(n, dy, x, dx);
}

}  // namespace audiodl
