// One Adam step for one variable, in one pass (the formulas of tfjs's AdamOptimizer).
#pragma once
#include <cstddef>

namespace audiodl {

struct AdamStep {
  float beta1, beta2, epsilon, learningRate;
  float correction1, correction2;  // 1 - beta1^t, 1 - beta2^t
};

// m' = b1·m + (1-b1)·g, v' = b2·v + (1-b2)·g², w' = w - lr·(m'/c1)/(√(v'/c2) + ε); split across the calling
// thread's pool when large (elementwise, so the bits do not depend on the split).
void adamUpdate(std::size_t n, const AdamStep& step, const float* w, const float* g, const float* m, const float* v,
                float* wOut, float* mOut, float* vOut);

}  // namespace audiodl
