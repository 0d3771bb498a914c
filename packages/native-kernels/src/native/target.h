// What the CPU offers, decided once: AVX2/FMA code paths on x86 (chosen at run time, so the addon also runs on
// x86 machines without them), plain C++ elsewhere. AUDIO_DL_NATIVE_PORTABLE=1 in the environment when the addon
// loads forces the plain paths on any CPU, so they can be tested where AVX2 is present.
#pragma once

#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AUDIODL_X86 1
// The AVX2/FMA copy of a loop: the wrapper's body, a call to the portable inline function, is inlined into it and
// vectorised for AVX2 (flatten), and dispatch picks it at run time through cpuHasAvx2Fma().
#define AUDIODL_AVX2 __attribute__((target("avx2,fma"), flatten))
#endif

namespace audiodl {

// Whether the AVX2/FMA paths run: the CPU has AVX2 and FMA, and AUDIO_DL_NATIVE_PORTABLE is not 1 (always false
// off x86).
inline bool cpuHasAvx2Fma() {
#ifdef AUDIODL_X86
  static const bool supported = [] {
    const char* portable = std::getenv("AUDIO_DL_NATIVE_PORTABLE");
    if (portable != nullptr && std::strcmp(portable, "1") == 0) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return supported;
#else
  return false;
#endif
}

}  // namespace audiodl
