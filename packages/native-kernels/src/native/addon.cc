// Node-API bindings: every array is a Float32Array (usually a view of the tfjs wasm heap, so nothing is copied);
// sizes are checked against each array's length before any pointer is used.
#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "adam.h"
#include "batch-norm.h"
#include "conv.h"
#include "elementwise.h"
#include "gemm.h"
#include "lstm.h"
#include "threads.h"

namespace audiodl {
namespace {

struct Failure {
  std::string message;
};

class Args {
 public:
  Args(napi_env env, napi_callback_info info, std::size_t expected) : env_(env), argv_(expected) {
    std::size_t argc = expected;
    check(napi_get_cb_info(env, info, &argc, argv_.data(), nullptr, nullptr));
    if (argc != expected) throw Failure{"expected " + std::to_string(expected) + " arguments"};
  }

  int integer(std::size_t i, const char* name) {
    int32_t value = 0;
    if (napi_get_value_int32(env_, argv_[i], &value) != napi_ok) throw Failure{std::string(name) + " must be a number"};
    return value;
  }

  double number(std::size_t i, const char* name) {
    double value = 0;
    if (napi_get_value_double(env_, argv_[i], &value) != napi_ok) throw Failure{std::string(name) + " must be a number"};
    return value;
  }

  bool boolean(std::size_t i, const char* name) {
    bool value = false;
    if (napi_get_value_bool(env_, argv_[i], &value) != napi_ok) throw Failure{std::string(name) + " must be a boolean"};
    return value;
  }

  bool isNull(std::size_t i) {
    napi_valuetype type;
    check(napi_typeof(env_, argv_[i], &type));
    return type == napi_null || type == napi_undefined;
  }

  // A Float32Array holding at least `needed` values.
  float* floats(std::size_t i, const char* name, std::size_t needed) {
    bool isTyped = false;
    check(napi_is_typedarray(env_, argv_[i], &isTyped));
    napi_typedarray_type type;
    std::size_t length = 0;
    void* data = nullptr;
    if (isTyped) check(napi_get_typedarray_info(env_, argv_[i], &type, &length, &data, nullptr, nullptr));
    if (!isTyped || type != napi_float32_array) throw Failure{std::string(name) + " must be a Float32Array"};
    if (length < needed) {
      throw Failure{std::string(name) + " holds " + std::to_string(length) + " values, " + std::to_string(needed) +
                    " needed"};
    }
    return static_cast<float*>(data);
  }

  // An Int32Array of exactly `count` values.
  const int32_t* ints(std::size_t i, const char* name, std::size_t count) {
    bool isTyped = false;
    check(napi_is_typedarray(env_, argv_[i], &isTyped));
    napi_typedarray_type type;
    std::size_t length = 0;
    void* data = nullptr;
    if (isTyped) check(napi_get_typedarray_info(env_, argv_[i], &type, &length, &data, nullptr, nullptr));
    if (!isTyped || type != napi_int32_array || length != count) {
      throw Failure{std::string(name) + " must be an Int32Array of " + std::to_string(count) + " values"};
    }
    return static_cast<const int32_t*>(data);
  }

 private:
  void check(napi_status status) {
    if (status != napi_ok) throw Failure{"Node-API call failed"};
  }
  napi_env env_;
  std::vector<napi_value> argv_;
};

// Offset of the last element of a strided rows x cols matrix, plus one: the values it must hold.
std::size_t extent(int rows, int cols, std::ptrdiff_t rowStride, std::ptrdiff_t colStride) {
  if (rows <= 0 || cols <= 0) return 0;
  return static_cast<std::size_t>((rows - 1) * rowStride + (cols - 1) * colStride + 1);
}

void requireNonNegative(std::initializer_list<int> values, const char* what) {
  for (int v : values) {
    if (v < 0) throw Failure{std::string(what) + " must not be negative"};
  }
}

template <typename Body>
napi_value guarded(napi_env env, Body body) {
  try {
    body();
  } catch (const Failure& failure) {
    napi_throw_error(env, nullptr, failure.message.c_str());
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, nullptr, "out of memory");
  }
  return nullptr;
}

Activation activationOf(int code) {
  if (code == 0) return Activation::Linear;
  if (code == 1) return Activation::Relu;
  throw Failure{"activation must be 0 (linear) or 1 (relu)"};
}

// matMul(M, N, K, a, transposeA, b, transposeB, c, bias | null, activation): c[M x N] = act(op(a) op(b) + bias).
napi_value MatMul(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 10);
    const int M = args.integer(0, "M"), N = args.integer(1, "N"), K = args.integer(2, "K");
    requireNonNegative({M, N, K}, "matrix sizes");
    const bool tA = args.boolean(4, "transposeA"), tB = args.boolean(6, "transposeB");
    const float* a = args.floats(3, "a", static_cast<std::size_t>(M) * K);
    const float* b = args.floats(5, "b", static_cast<std::size_t>(K) * N);
    float* c = args.floats(7, "c", static_cast<std::size_t>(M) * N);
    const float* bias = args.isNull(8) ? nullptr : args.floats(8, "bias", N);
    const Activation activation = activationOf(args.integer(9, "activation"));
    const Strided A = tA ? Strided{a, 1, M} : Strided{a, K, 1};
    const Strided B = tB ? Strided{b, 1, K} : Strided{b, N, 1};
    gemm(M, N, K, A, B, c, N, false);
    if (bias == nullptr && activation == Activation::Linear) return;
    for (int i = 0; i < M; i++) {
      float* row = c + static_cast<std::size_t>(i) * N;
      for (int j = 0; j < N; j++) {
        float v = bias == nullptr ? row[j] : row[j] + bias[j];
        row[j] = activation == Activation::Relu && v < 0.0f ? 0.0f : v;
      }
    }
  });
}

// gemm(M, N, K, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate).
napi_value Gemm(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 12);
    const int M = args.integer(0, "M"), N = args.integer(1, "N"), K = args.integer(2, "K");
    const int ars = args.integer(4, "aRowStride"), acs = args.integer(5, "aColStride");
    const int brs = args.integer(7, "bRowStride"), bcs = args.integer(8, "bColStride");
    const int ldc = args.integer(10, "ldc");
    requireNonNegative({M, N, K, ars, acs, brs, bcs}, "sizes and strides");
    if (ldc < N) throw Failure{"ldc must be at least N"};
    const float* a = args.floats(3, "a", extent(M, K, ars, acs));
    const float* b = args.floats(6, "b", extent(K, N, brs, bcs));
    float* c = args.floats(9, "c", extent(M, N, ldc, 1));
    gemm(M, N, K, {a, ars, acs}, {b, brs, bcs}, c, ldc, args.boolean(11, "accumulate"));
  });
}

// The geometry Int32Array: batch, inHeight, inWidth, inChannels, filterHeight, filterWidth, outChannels,
// strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft, outHeight, outWidth.
ConvGeometry geometryOf(Args& args, std::size_t i) {
  const int32_t* v = args.ints(i, "geometry", 15);
  ConvGeometry g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  requireNonNegative({g.batch, g.inHeight, g.inWidth, g.inChannels, g.filterHeight, g.filterWidth, g.outChannels,
                      g.padTop, g.padLeft, g.outHeight, g.outWidth},
                     "convolution sizes");
  if (g.strideHeight < 1 || g.strideWidth < 1 || g.dilationHeight < 1 || g.dilationWidth < 1) {
    throw Failure{"strides and dilations must be at least 1"};
  }
  return g;
}

std::size_t inputSize(const ConvGeometry& g) {
  return static_cast<std::size_t>(g.batch) * g.inHeight * g.inWidth * g.inChannels;
}
std::size_t outputSize(const ConvGeometry& g) {
  return static_cast<std::size_t>(g.batch) * g.outHeight * g.outWidth * g.outChannels;
}
std::size_t filterSize(const ConvGeometry& g) {
  return static_cast<std::size_t>(g.filterHeight) * g.filterWidth * g.inChannels * g.outChannels;
}

// conv2d(geometry, x, w, bias | null, activation, y).
napi_value Conv2d(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 6);
    const ConvGeometry g = geometryOf(args, 0);
    const float* x = args.floats(1, "x", inputSize(g));
    const float* w = args.floats(2, "w", filterSize(g));
    const float* bias = args.isNull(3) ? nullptr : args.floats(3, "bias", g.outChannels);
    const Activation activation = activationOf(args.integer(4, "activation"));
    conv2d(g, x, w, bias, activation, args.floats(5, "y", outputSize(g)));
  });
}

// conv2dBackpropInput(geometry, dy, w, dx).
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 4);
    const ConvGeometry g = geometryOf(args, 0);
    const float* dy = args.floats(1, "dy", outputSize(g));
    const float* w = args.floats(2, "w", filterSize(g));
    conv2dBackpropInput(g, dy, w, args.floats(3, "dx", inputSize(g)));
  });
}

// conv2dBackpropFilter(geometry, x, dy, dw).
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 4);
    const ConvGeometry g = geometryOf(args, 0);
    const float* x = args.floats(1, "x", inputSize(g));
    const float* dy = args.floats(2, "dy", outputSize(g));
    conv2dBackpropFilter(g, x, dy, args.floats(3, "dw", filterSize(g)));
  });
}

// batchNormTrain(rows, channels, x, gamma, beta, epsilon, y, mean, variance).
napi_value BatchNormTrain(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 9);
    const int rows = args.integer(0, "rows"), channels = args.integer(1, "channels");
    requireNonNegative({rows, channels}, "rows and channels");
    const std::size_t size = static_cast<std::size_t>(rows) * channels;
    const float* x = args.floats(2, "x", size);
    const float* gamma = args.floats(3, "gamma", channels);
    const float* beta = args.floats(4, "beta", channels);
    const float epsilon = static_cast<float>(args.number(5, "epsilon"));
    batchNormTrain(rows, channels, x, gamma, beta, epsilon, args.floats(6, "y", size), args.floats(7, "mean", channels),
                   args.floats(8, "variance", channels));
  });
}

LstmShape lstmShapeOf(Args& args) {
  const LstmShape s{args.integer(0, "batch"), args.integer(1, "steps"), args.integer(2, "units"),
                    args.boolean(3, "hardSigmoid")};
  requireNonNegative({s.batch, s.steps, s.units}, "batch, steps and units");
  return s;
}

// lstmForward(batch, steps, units, hardSigmoid, xw, u, hs, cs, gates, tanhCs).
napi_value LstmForward(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 10);
    const LstmShape s = lstmShapeOf(args);
    const std::size_t states = static_cast<std::size_t>(s.batch) * s.steps * s.units;
    const float* xw = args.floats(4, "xw", 4 * states);
    const float* u = args.floats(5, "u", static_cast<std::size_t>(s.units) * 4 * s.units);
    lstmForward(s, xw, u, args.floats(6, "hs", states), args.floats(7, "cs", states), args.floats(8, "gates", 4 * states),
                args.floats(9, "tanhCs", states));
  });
}

// lstmBackward(batch, steps, units, hardSigmoid, dhs, cs, tanhCs, gates, u, dz).
napi_value LstmBackward(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 10);
    const LstmShape s = lstmShapeOf(args);
    const std::size_t states = static_cast<std::size_t>(s.batch) * s.steps * s.units;
    const float* dhs = args.floats(4, "dhs", states);
    const float* cs = args.floats(5, "cs", states);
    const float* tanhCs = args.floats(6, "tanhCs", states);
    const float* gates = args.floats(7, "gates", 4 * states);
    const float* u = args.floats(8, "u", static_cast<std::size_t>(s.units) * 4 * s.units);
    lstmBackward(s, dhs, cs, tanhCs, gates, u, args.floats(9, "dz", 4 * states));
  });
}

// adamUpdate(n, w, g, m, v, wOut, mOut, vOut, beta1, beta2, epsilon, learningRate, correction1, correction2).
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 14);
    const int n = args.integer(0, "n");
    requireNonNegative({n}, "n");
    const std::size_t size = static_cast<std::size_t>(n);
    const AdamStep step{static_cast<float>(args.number(8, "beta1")),        static_cast<float>(args.number(9, "beta2")),
                        static_cast<float>(args.number(10, "epsilon")),     static_cast<float>(args.number(11, "learningRate")),
                        static_cast<float>(args.number(12, "correction1")), static_cast<float>(args.number(13, "correction2"))};
    adamUpdate(size, step, args.floats(1, "w", size), args.floats(2, "g", size), args.floats(3, "m", size),
               args.floats(4, "v", size), args.floats(5, "wOut", size), args.floats(6, "mOut", size),
               args.floats(7, "vOut", size));
  });
}

// reluGrad(n, dy, x, dx).
napi_value ReluGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 4);
    const int n = args.integer(0, "n");
    requireNonNegative({n}, "n");
    const std::size_t size = static_cast<std::size_t>(n);
    reluGrad(size, args.floats(1, "dy", size), args.floats(2, "x", size), args.floats(3, "dx", size));
  });
}

// setThreads(n): threads the calling JavaScript thread's products may use, itself included.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 1);
    const int threads = args.integer(0, "threads");
    if (threads < 1 || threads > 256) throw Failure{"threads must be between 1 and 256"};
    setThreadCount(threads);
  });
}

// threads(): the calling JavaScript thread's setting.
napi_value Threads(napi_env env, napi_callback_info) {
  napi_value result = nullptr;
  napi_create_int32(env, threadCount(), &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor methods[] = {
      {"matMul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2dBackpropInput, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2dBackpropFilter, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"batchNormTrain", nullptr, BatchNormTrain, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmForward", nullptr, LstmForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmBackward", nullptr, LstmBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reluGrad", nullptr, ReluGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamUpdate", nullptr, AdamUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"threads", nullptr, Threads, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(methods) / sizeof(methods[0]), methods);
  napi_value name;
  napi_create_string_utf8(env, gemmKernelName(), NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, exports, "kernel", name);
  return exports;
}

}  // namespace
}  // namespace audiodl

NAPI_MODULE_INIT() { return audiodl::Init(env, exports); }
