// The LSTM recurrence and its backpropagation through time, one call per sequence batch (tfjs gate order i, f, g, o).
#pragma once

namespace audiodl {

struct LstmShape {
  int batch, steps, units;
  bool hardSigmoid;  // clip(0.2 z + 0.5, 0, 1) instead of the logistic sigmoid for i, f, o
};

// xw [B, T, 4H] (x·W + b for every step), u [H, 4H]. Per step z = xw_t + h_{t-1}·U, c = f·c + i·g,
// h = o·tanh(c), zero initial state. Writes hs, cs, tanhCs [B, T, H] and the activated gates [B, T, 4H].
void lstmForward(const LstmShape& s, const float* xw, const float* u, float* hs, float* cs, float* gates,
                 float* tanhCs);

// Given dhs [B, T, H] and the forward's cs, tanhCs and gates, writes dz [B, T, 4H], the gradient of the gates'
// pre-activations (and so of xw).
void lstmBackward(const LstmShape& s, const float* dhs, const float* cs, const float* tanhCs, const float* gates,
                  const float* u, float* dz);

}  // namespace audiodl
