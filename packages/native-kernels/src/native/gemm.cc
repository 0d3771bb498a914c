#include "gemm.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "target.h"
#include "threads.h"

namespace audiodl {
namespace {

// Register tile MR x NR (12 accumulators of 8 floats on AVX2), depth block KC (a B panel stays in L1),
// row block MC (the packed A block stays in L2), column block NC.
constexpr int MR = 6;
constexpr int NR = 16;
constexpr int KC = 256;
constexpr int MC = 96;
constexpr int NC = 4096;

// A micro-kernel's A is either a packed panel (element (i, k) at a[k*MR + i]; lda unused) or, for row-major
// matrices, read in place (element (i, k) at a[i*lda + k]), which saves packing it. The sums are the same either way.
using MicroKernel = void (*)(int kc, const float* a, std::ptrdiff_t lda, const float* b, float* c, std::ptrdiff_t ldc,
                             int mr, int nr, bool load);

// Copies an mr x nr tile into C, adding C's values when load is set (edges of the matrix).
inline void storeTile(const float* tile, float* c, std::ptrdiff_t ldc, int mr, int nr, bool load) {
  for (int i = 0; i < mr; i++) {
    float* row = c + i * ldc;
    for (int j = 0; j < nr; j++) row[j] = load ? row[j] + tile[i * NR + j] : tile[i * NR + j];
  }
}

template <bool Packed>
void portableKernel(int kc, const float* a, std::ptrdiff_t lda, const float* b, float* c, std::ptrdiff_t ldc, int mr,
                    int nr, bool load) {
  float acc[MR * NR] = {};
  for (int k = 0; k < kc; k++) {
    for (int i = 0; i < MR; i++) {
      const float ai = Packed ? a[k * MR + i] : a[i * lda + k];
      for (int j = 0; j < NR; j++) acc[i * NR + j] += ai * b[k * NR + j];
    }
  }
  storeTile(acc, c, ldc, mr, nr, load);
}

#ifdef AUDIODL_X86
template <bool Packed>
__attribute__((target("avx2,fma"))) void avx2Kernel(int kc, const float* a, std::ptrdiff_t lda, const float* b,
                                                     float* c, std::ptrdiff_t ldc, int mr, int nr, bool load) {
  // Row pointers of an in-place A (the packed case reads a + i and steps by MR).
  const std::ptrdiff_t row = Packed ? 1 : lda;
  const std::ptrdiff_t step = Packed ? MR : 1;
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int k = 0; k < kc; k++) {
    const __m256 b0 = _mm256_load_ps(b);
    const __m256 b1 = _mm256_load_ps(b + 8);
    __m256 ai = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(ai, b0, c00);
    c01 = _mm256_fmadd_ps(ai, b1, c01);
    ai = _mm256_broadcast_ss(a + row);
    c10 = _mm256_fmadd_ps(ai, b0, c10);
    c11 = _mm256_fmadd_ps(ai, b1, c11);
    ai = _mm256_broadcast_ss(a + 2 * row);
    c20 = _mm256_fmadd_ps(ai, b0, c20);
    c21 = _mm256_fmadd_ps(ai, b1, c21);
    ai = _mm256_broadcast_ss(a + 3 * row);
    c30 = _mm256_fmadd_ps(ai, b0, c30);
    c31 = _mm256_fmadd_ps(ai, b1, c31);
    ai = _mm256_broadcast_ss(a + 4 * row);
    c40 = _mm256_fmadd_ps(ai, b0, c40);
    c41 = _mm256_fmadd_ps(ai, b1, c41);
    ai = _mm256_broadcast_ss(a + 5 * row);
    c50 = _mm256_fmadd_ps(ai, b0, c50);
    c51 = _mm256_fmadd_ps(ai, b1, c51);
    a += step;
    b += NR;
  }
  const __m256 rows[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; i++) {
      float* row = c + i * ldc;
      __m256 lo = rows[i][0];
      __m256 hi = rows[i][1];
      if (load) {
        lo = _mm256_add_ps(lo, _mm256_loadu_ps(row));
        hi = _mm256_add_ps(hi, _mm256_loadu_ps(row + 8));
      }
      _mm256_storeu_ps(row, lo);
      _mm256_storeu_ps(row + 8, hi);
    }
    return;
  }
  alignas(32) float tile[MR * NR];
  for (int i = 0; i < MR; i++) {
    _mm256_store_ps(tile + i * NR, rows[i][0]);
    _mm256_store_ps(tile + i * NR + 8, rows[i][1]);
  }
  storeTile(tile, c, ldc, mr, nr, load);
}
#endif

struct Kernel {
  MicroKernel packed;
  MicroKernel inPlace;
  const char* name;
};

Kernel chooseKernel() {
#ifdef AUDIODL_X86
  if (cpuHasAvx2Fma()) return {avx2Kernel<true>, avx2Kernel<false>, "avx2-fma"};
#endif
  return {portableKernel<true>, portableKernel<false>, "portable"};
}

const Kernel kKernel = chooseKernel();

// A[ic.., pc..] as MR-row panels, k-major within a panel, zero-padded to whole panels.
void packA(int mc, int kc, const float* a, std::ptrdiff_t rs, std::ptrdiff_t cs, float* out) {
  for (int i0 = 0; i0 < mc; i0 += MR) {
    const int mr = std::min(MR, mc - i0);
    for (int k = 0; k < kc; k++) {
      const float* col = a + i0 * rs + k * cs;
      for (int i = 0; i < mr; i++) out[i] = col[i * rs];
      for (int i = mr; i < MR; i++) out[i] = 0.0f;
      out += MR;
    }
  }
}

// B[pc.., jc..] as NR-column panels, k-major within a panel, zero-padded to whole panels.
void packB(int kc, int nc, const float* b, std::ptrdiff_t rs, std::ptrdiff_t cs, float* out) {
  for (int j0 = 0; j0 < nc; j0 += NR) {
    const int nr = std::min(NR, nc - j0);
    for (int k = 0; k < kc; k++) {
      const float* row = b + k * rs + j0 * cs;
      if (cs == 1 && nr == NR) {
        std::memcpy(out, row, NR * sizeof(float));
      } else {
        for (int j = 0; j < nr; j++) out[j] = row[j * cs];
        for (int j = nr; j < NR; j++) out[j] = 0.0f;
      }
      out += NR;
    }
  }
}

// 32-byte aligned scratch that grows and is kept per thread (each worker thread calls with its own).
float* scratch(std::vector<float>& buffer, std::size_t floats) {
  if (buffer.size() < floats + 8) buffer.resize(floats + 8);
  const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
  return buffer.data() + ((32 - address % 32) % 32) / sizeof(float);
}

void serialGemm(int M, int N, int K, Strided A, Strided B, float* C, std::ptrdiff_t ldc, bool accumulate);

// Below this many multiply-adds a product stays on the calling thread: waking the pool would cost more.
constexpr double kParallelWork = 1 << 20;

}  // namespace

// With a pool, the columns (or, when they are few, the rows) are cut into one range per thread, in whole register
// tiles. Every element of C is still summed over K in the same blocks and order, so the result is the same bits
// whatever the thread count.
void gemm(int M, int N, int K, Strided A, Strided B, float* C, std::ptrdiff_t ldc, bool accumulate) {
  const int threads = threadCount();
  if (threads == 1 || static_cast<double>(M) * N * K < kParallelWork) {
    serialGemm(M, N, K, A, B, C, ldc, accumulate);
    return;
  }
  const bool byColumns = N >= 2 * NR * threads || N >= M;
  const int extent = byColumns ? N : M;
  const int tile = byColumns ? NR : MR;
  const int tiles = (extent + tile - 1) / tile;
  const int parts = std::min(threads, tiles);
  parallelFor(parts, [&](int part) {
    const int from = tiles * part / parts * tile;
    const int to = std::min(extent, tiles * (part + 1) / parts * tile);
    if (from >= to) return;
    if (byColumns) {
      serialGemm(M, to - from, K, A, {B.data + from * B.colStride, B.rowStride, B.colStride}, C + from, ldc, accumulate);
    } else {
      serialGemm(to - from, N, K, {A.data + from * A.rowStride, A.rowStride, A.colStride}, B, C + from * ldc, ldc,
                 accumulate);
    }
  });
}

namespace {

void serialGemm(int M, int N, int K, Strided A, Strided B, float* C, std::ptrdiff_t ldc, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) {
      for (int i = 0; i < M; i++) std::fill(C + i * ldc, C + i * ldc + N, 0.0f);
    }
    return;
  }
  thread_local std::vector<float> aBuffer;
  thread_local std::vector<float> bBuffer;
  const int ncMax = std::min(NC, (N + NR - 1) / NR * NR);
  float* packedB = scratch(bBuffer, static_cast<std::size_t>(KC) * ncMax);
  float* packedA = scratch(aBuffer, static_cast<std::size_t>(KC) * MC);
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = std::min(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = std::min(KC, K - pc);
      const bool load = accumulate || pc > 0;
      packB(kc, nc, B.data + pc * B.rowStride + jc * B.colStride, B.rowStride, B.colStride, packedB);
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = std::min(MC, M - ic);
        const float* aBlock = A.data + ic * A.rowStride + pc * A.colStride;
        // A row-major A is read in place when B is narrow (a convolution's few output channels), except a last
        // partial panel (its missing rows are packed as zeros); wider products re-read each A panel per column
        // panel, and a packed one streams better then.
        const bool inPlace = A.colStride == 1 && nc <= 4 * NR;
        if (!inPlace) packA(mc, kc, aBlock, A.rowStride, A.colStride, packedA);
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = std::min(NR, nc - jr);
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = std::min(MR, mc - ir);
            float* cTile = C + (ic + ir) * ldc + jc + jr;
            const float* bPanel = packedB + jr * kc;
            if (inPlace && mr == MR) {
              kKernel.inPlace(kc, aBlock + ir * A.rowStride, A.rowStride, bPanel, cTile, ldc, mr, nr, load);
            } else if (inPlace) {
              packA(mr, kc, aBlock + ir * A.rowStride, A.rowStride, 1, packedA);
              kKernel.packed(kc, packedA, 0, bPanel, cTile, ldc, mr, nr, load);
            } else {
              kKernel.packed(kc, packedA + ir * kc, 0, bPanel, cTile, ldc, mr, nr, load);
            }
          }
        }
      }
    }
  }
}

}  // namespace

const char* gemmKernelName() { return kKernel.name; }

}  // namespace audiodl
