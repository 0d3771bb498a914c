#include "lstm.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "gemm.h"

namespace audiodl {
namespace {

// tanh through one exp, as the WebAssembly kernel computes it; saturates beyond ±20 where exp would overflow.
inline float tanhOf(float x) {
  if (x > 20.0f) return 1.0f;
  if (x < -20.0f) return -1.0f;
  const float e = std::exp(2.0f * x);
  return (e - 1.0f) / (e + 1.0f);
}

inline float gate(float z, bool hard) {
  return hard ? std::min(1.0f, std::max(0.0f, 0.2f * z + 0.5f)) : 1.0f / (1.0f + std::exp(-z));
}

// Derivative of the gate activation, from its output y.
inline float gateSlope(float y, bool hard) { return hard ? (y > 0.0f && y < 1.0f ? 0.2f : 0.0f) : y * (1.0f - y); }

}  // namespace

void lstmForward(const LstmShape& s, const float* xw, const float* u, float* hs, float* cs, float* gates,
                 float* tanhCs) {
  const std::size_t H = s.units;
  const std::size_t four = 4 * H;
  std::vector<float> h(static_cast<std::size_t>(s.batch) * H, 0.0f);
  std::vector<float> z(static_cast<std::size_t>(s.batch) * four, 0.0f);
  for (int t = 0; t < s.steps; t++) {
    // No recurrent term at t = 0 (zero state).
    if (t > 0) gemm(s.batch, static_cast<int>(four), static_cast<int>(H), {h.data(), static_cast<std::ptrdiff_t>(H), 1},
                    {u, static_cast<std::ptrdiff_t>(four), 1}, z.data(), static_cast<std::ptrdiff_t>(four), false);
    for (int b = 0; b < s.batch; b++) {
      const std::size_t xb = (static_cast<std::size_t>(b) * s.steps + t) * four;
      const std::size_t sb = (static_cast<std::size_t>(b) * s.steps + t) * H;
      const float* x = xw + xb;
      const float* zb = z.data() + b * four;
      float* g4 = gates + xb;
      for (std::size_t j = 0; j < H; j++) {
        const float i = gate(x[j] + zb[j], s.hardSigmoid);
        const float f = gate(x[H + j] + zb[H + j], s.hardSigmoid);
        const float g = tanhOf(x[2 * H + j] + zb[2 * H + j]);
        const float o = gate(x[3 * H + j] + zb[3 * H + j], s.hardSigmoid);
        const float cPrev = t > 0 ? cs[sb - H + j] : 0.0f;
        const float c = f * cPrev + i * g;
        const float tc = tanhOf(c);
        const float hj = o * tc;
        cs[sb + j] = c;
        tanhCs[sb + j] = tc;
        hs[sb + j] = hj;
        h[b * H + j] = hj;
        g4[j] = i;
        g4[H + j] = f;
        g4[2 * H + j] = g;
        g4[3 * H + j] = o;
      }
    }
  }
}

void lstmBackward(const LstmShape& s, const float* dhs, const float* cs, const float* tanhCs, const float* gates,
                  const float* u, float* dz) {
  const std::size_t H = s.units;
  const std::size_t four = 4 * H;
  std::vector<float> dcNext(static_cast<std::size_t>(s.batch) * H, 0.0f);
  std::vector<float> dhRec(static_cast<std::size_t>(s.batch) * H, 0.0f);
  std::vector<float> dzStep(static_cast<std::size_t>(s.batch) * four, 0.0f);
  for (int t = s.steps - 1; t >= 0; t--) {
    for (int b = 0; b < s.batch; b++) {
      const std::size_t gb = (static_cast<std::size_t>(b) * s.steps + t) * four;
      const std::size_t sb = (static_cast<std::size_t>(b) * s.steps + t) * H;
      const float* g4 = gates + gb;
      for (std::size_t j = 0; j < H; j++) {
        const float dh = dhs[sb + j] + dhRec[b * H + j];
        const float i = g4[j], f = g4[H + j], g = g4[2 * H + j], o = g4[3 * H + j];
        const float tc = tanhCs[sb + j];
        const float dc = dcNext[b * H + j] + dh * o * (1.0f - tc * tc);
        const float cPrev = t > 0 ? cs[sb - H + j] : 0.0f;
        dcNext[b * H + j] = dc * f;
        const float d[4] = {dc * g * gateSlope(i, s.hardSigmoid), dc * cPrev * gateSlope(f, s.hardSigmoid),
                            dc * i * (1.0f - g * g), dh * tc * gateSlope(o, s.hardSigmoid)};
        for (int q = 0; q < 4; q++) {
          dz[gb + q * H + j] = d[q];
          dzStep[b * four + q * H + j] = d[q];
        }
      }
    }
    // dh_{t-1} = dz_t · Uᵀ (U read transposed through its strides).
    if (t > 0) gemm(s.batch, static_cast<int>(H), static_cast<int>(four), {dzStep.data(), static_cast<std::ptrdiff_t>(four), 1},
                    {u, 1, static_cast<std::ptrdiff_t>(four)}, dhRec.data(), static_cast<std::ptrdiff_t>(H), false);
  }
}

}  // namespace audiodl
