{
  "targets": [
    {
      "target_name": "audio_dl_native",
      "sources": ["src/native/adam.cc", "src/native/addon.cc", "src/native/batch-norm.cc", "src/native/conv.cc", "src/native/elementwise.cc", "src/native/gemm.cc", "src/native/lstm.cc", "src/native/threads.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-pthread"],
      "ldflags": ["-pthread"],
      "cflags_cc!": ["-fno-exceptions"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
