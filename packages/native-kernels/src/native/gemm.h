// Single-precision matrix product on one core: C = op(A) op(B) (+ C), packed and blocked in the manner of BLIS,
// with an AVX2/FMA micro-kernel chosen at run time and a portable one elsewhere.
#pragma once
#include <cstddef>

namespace audiodl {

// A strided matrix: element (row, col) is at data[row * rowStride + col * colStride]. Transposes are strides.
struct Strided {
  const float* data;
  std::ptrdiff_t rowStride;
  std::ptrdiff_t colStride;
};

// C[M x N] (row-major, leading dimension ldc) = A[M x K] B[K x N], added to C's values when accumulate is set.
// The order of every sum depends only on M, N, K and the instruction set, so results repeat bit for bit.
void gemm(int M, int N, int K, Strided A, Strided B, float* C, std::ptrdiff_t ldc, bool accumulate);

// Which micro-kernel gemm uses on this CPU ("avx2-fma" or "portable").
const char* gemmKernelName();

}  // namespace audiodl
