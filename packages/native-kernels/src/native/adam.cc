#include "adam.h"

#include <algorithm>
#include <cmath>

#include "target.h"
#include "threads.h"

namespace audiodl {
namespace {

// Below this many weights one thread does it all: waking the pool would cost more.
constexpr std::size_t kParallelWeights = 1 << 16;

inline void adamLoop(std::size_t from, std::size_t to, const AdamStep& s, const float* __restrict w,
                              const float* __restrict g, const float* __restrict m, const float* __restrict v,
                              float* __restrict wOut, float* __restrict mOut, float* __restrict vOut) {
  // Copies, so the loop does not reload them through a reference the outputs might alias.
  const float b1 = s.beta1, b2 = s.beta2, a1 = 1.0f - b1, a2 = 1.0f - b2, eps = s.epsilon, lr = s.learningRate;
  const float c1 = 1.0f / s.correction1, c2 = 1.0f / s.correction2;
  for (std::size_t i = from; i < to; i++) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * a1;
    const float vi = v[i] * b2 + gi * gi * a2;
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = w[i] + (mi * c1) / (std::sqrt(vi * c2) + eps) * -lr;
  }
}

#ifdef AUDIODL_X86
AUDIODL_AVX2 void adamAvx2(std::size_t from, std::size_t to, const AdamStep& s, const float* w, const float* g,
                           const float* m, const float* v, float* wOut, float* mOut, float* vOut) {
  adamLoop(from, to, s, w, g, m, v, wOut, mOut, vOut);
}
#endif

void adamRange(std::size_t from, std::size_t to, const AdamStep& s, const float* w, const float* g, const float* m,
               const float* v, float* wOut, float* mOut, float* vOut) {
#ifdef AUDIODL_X86
  if (cpuHasAvx2Fma()) return adamAvx2(from, to, s, w, g, m, v, wOut, mOut, vOut);
#endif
  adamLoop(from, to, s, w, g, m, v, wOut, mOut, vOut);
}

}  // namespace

void adamUpdate(std::size_t n, const AdamStep& step, const float* w, const float* g, const float* m, const float* v,
                float* wOut, float* mOut, float* vOut) {
  const int parts = n < kParallelWeights ? 1 : threadCount();
  parallelFor(parts, [&](int part) {
    const std::size_t from = n * part / parts / 8 * 8;
    const std::size_t to = part + 1 == parts ? n : n * (part + 1) / parts / 8 * 8;
    adamRange(from, to, step, w, g, m, v, wOut, mOut, vOut);
  });
}

}  // namespace audiodl
