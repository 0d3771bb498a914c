// What the CPU offers, decided once: AVX2/FMA code paths on x86 (chosen at run time, so the addon also runs on
// x86 machines without them), plain C++ elsewhere.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AUDIODL_X86 1
// A loop compiled twice, for x86-64-v3 (AVX2, FMA) and the baseline, the better one picked when the addon loads.
#define AUDIODL_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define AUDIODL_CLONES
#endif

namespace audiodl {

// Whether this CPU runs AVX2 and FMA (always false off x86).
inline bool cpuHasAvx2Fma() {
#ifdef AUDIODL_X86
  static const bool supported = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return supported;
#else
  return false;
#endif
}

}  // namespace audiodl
