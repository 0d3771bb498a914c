// Node-API bindings: every array is a Float32Array (usually a view of the tfjs wasm heap, so nothing is copied);
// sizes are checked against each array's length before any pointer is used, and derived sizes (a convolution's
// output) against the sizes they derive from. Size products are computed with overflow checks.
#include <node_api.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <limits>
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

  // A whole number in int32's range (napi_get_value_int32 alone would wrap 2^32 + 4 to 4, or cut 2.5 to 2).
  int integer(std::size_t i, const char* name) {
    double value = 0;
    if (napi_get_value_double(env_, argv_[i], &value) != napi_ok) throw Failure{std::string(name) + " must be a number"};
    if (!(std::trunc(value) == value && value >= std::numeric_limits<int32_t>::min() &&
          value <= std::numeric_limits<int32_t>::max())) {
      throw Failure{std::string(name) + " must be a 32-bit integer"};
    }
    return static_cast<int>(value);
  }

  // A string argument.
  std::string text(std::size_t i, const char* name) {
    char buffer[64];
    std::size_t length = 0;
    if (napi_get_value_string_utf8(env_, argv_[i], buffer, sizeof(buffer), &length) != napi_ok) {
      throw Failure{std::string(name) + " must be a string"};
    }
    return std::string(buffer, length);
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

// The product of non-negative sizes, or a Failure naming what overflowed (a wrapped product would pass the
// length checks with a short array).
std::size_t product(std::initializer_list<std::size_t> factors, const char* what) {
  std::size_t result = 1;
  for (std::size_t f : factors) {
    if (__builtin_mul_overflow(result, f, &result)) throw Failure{std::string(what) + ": size overflows"};
  }
  return result;
}

// Offset of the last element of a strided rows x cols matrix, plus one: the values it must hold.
std::size_t extent(int rows, int cols, std::ptrdiff_t rowStride, std::ptrdiff_t colStride, const char* what) {
  if (rows <= 0 || cols <= 0) return 0;
  std::size_t last = 0;
  if (__builtin_add_overflow(product({static_cast<std::size_t>(rows - 1), static_cast<std::size_t>(rowStride)}, what),
                             product({static_cast<std::size_t>(cols - 1), static_cast<std::size_t>(colStride)}, what),
                             &last) ||
      last == std::numeric_limits<std::size_t>::max()) {
    throw Failure{std::string(what) + ": size overflows"};
  }
  return last + 1;
}

// A size the kernels hold in an int.
int asInt(std::size_t value, const char* what) {
  if (value > static_cast<std::size_t>(std::numeric_limits<int>::max())) throw Failure{std::string(what) + " is too large"};
  return static_cast<int>(value);
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
  } catch (const std::exception& error) {
    napi_throw_error(env, nullptr, error.what());
  } catch (...) {
    napi_throw_error(env, nullptr, "native kernel failed");
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
    const float* a = args.floats(3, "a", product({std::size_t(M), std::size_t(K)}, "a"));
    const float* b = args.floats(5, "b", product({std::size_t(K), std::size_t(N)}, "b"));
    float* c = args.floats(7, "c", product({std::size_t(M), std::size_t(N)}, "c"));
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
    const float* a = args.floats(3, "a", extent(M, K, ars, acs, "a"));
    const float* b = args.floats(6, "b", extent(K, N, brs, bcs, "b"));
    float* c = args.floats(9, "c", extent(M, N, ldc, 1, "c"));
    gemm(M, N, K, {a, ars, acs}, {b, brs, bcs}, c, ldc, args.boolean(11, "accumulate"));
  });
}

// One axis of a convolution: the stated output size must follow from the input size, filter, stride, dilation
// and the leading pad. tfjs's computeConv2DInfo passes the top (left) pad but not the bottom (right) one, which
// the output size implies: bottom = (out - 1) * stride + effectiveFilter - in - top. It follows when that lies
// between -(stride - 1) (rows the last stride skips, as 'valid' drops them) and top + max(1, stride - 1) (tfjs's
// 'same' puts at most one more row below than above; ceil rounding adds up to stride - 1). Every window then
// starts inside the padded input, and every index the kernels form fits an int.
void checkAxis(const char* op, const char* axis, const char* side, int64_t in, int64_t filter, int64_t stride,
               int64_t dilation, int64_t pad, int64_t out) {
  const int64_t effective = (filter - 1) * dilation + 1;
  const int64_t bottom = (out - 1) * stride + effective - in - pad;
  const int64_t lowest = -(stride - 1);
  const int64_t highest = pad + std::max<int64_t>(1, stride - 1);
  if (bottom >= lowest && bottom <= highest && in + pad + bottom <= std::numeric_limits<int32_t>::max()) return;
  // The outputs those bottom pads give: (out - 1) * stride = in + pad + bottom - effective.
  const int64_t span = in + pad - effective;
  const auto floorDiv = [](int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); };
  const int64_t first = std::max<int64_t>(0, -floorDiv(-(span + lowest), stride) + 1);
  const int64_t last = floorDiv(span + highest, stride) + 1;
  const std::string expected = last < first    ? "none: the filter spans more than the padded input"
                               : first == last ? std::to_string(first)
                                               : std::to_string(first) + " to " + std::to_string(last);
  throw Failure{std::string(op) + ": out" + axis + " " + std::to_string(out) + " does not follow from in" + axis + " " +
                std::to_string(in) + ", filter " + std::to_string(filter) + ", stride " + std::to_string(stride) +
                ", dilation " + std::to_string(dilation) + ", pad " + side + " " + std::to_string(pad) + " (expected " +
                expected + ")"};
}

// The geometry Int32Array: batch, inHeight, inWidth, inChannels, filterHeight, filterWidth, outChannels,
// strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft, outHeight, outWidth.
ConvGeometry geometryOf(Args& args, std::size_t i, const char* op) {
  const int32_t* v = args.ints(i, "geometry", 15);
  ConvGeometry g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  requireNonNegative({g.batch, g.inHeight, g.inWidth, g.inChannels, g.outChannels, g.padTop, g.padLeft, g.outHeight,
                      g.outWidth},
                     "convolution sizes");
  if (g.filterHeight < 1 || g.filterWidth < 1) throw Failure{"filter sizes must be at least 1"};
  if (g.strideHeight < 1 || g.strideWidth < 1 || g.dilationHeight < 1 || g.dilationWidth < 1) {
    throw Failure{"strides and dilations must be at least 1"};
  }
  checkAxis(op, "Height", "top", g.inHeight, g.filterHeight, g.strideHeight, g.dilationHeight, g.padTop, g.outHeight);
  checkAxis(op, "Width", "left", g.inWidth, g.filterWidth, g.strideWidth, g.dilationWidth, g.padLeft, g.outWidth);
  // The patch width is a product's depth (an int), and the padded input (the direct kernels' copy) must be countable.
  asInt(product({std::size_t(g.filterHeight), std::size_t(g.filterWidth), std::size_t(g.inChannels)}, "filter"),
        "filterHeight * filterWidth * inChannels");
  product({std::size_t(g.batch), std::size_t(g.outHeight) * g.strideHeight + std::size_t(g.filterHeight) * g.dilationHeight,
           std::size_t(g.outWidth) * g.strideWidth + std::size_t(g.filterWidth) * g.dilationWidth,
           std::size_t(g.inChannels)},
          "padded input");
  return g;
}

std::size_t inputSize(const ConvGeometry& g) {
  return product({std::size_t(g.batch), std::size_t(g.inHeight), std::size_t(g.inWidth), std::size_t(g.inChannels)},
                 "input");
}
std::size_t outputSize(const ConvGeometry& g) {
  return product({std::size_t(g.batch), std::size_t(g.outHeight), std::size_t(g.outWidth), std::size_t(g.outChannels)},
                 "output");
}
std::size_t filterSize(const ConvGeometry& g) {
  return product({std::size_t(g.filterHeight), std::size_t(g.filterWidth), std::size_t(g.inChannels),
                  std::size_t(g.outChannels)},
                 "filter");
}

// conv2d(geometry, x, w, bias | null, activation, y).
napi_value Conv2d(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 6);
    const ConvGeometry g = geometryOf(args, 0, "conv2d");
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
    const ConvGeometry g = geometryOf(args, 0, "conv2dBackpropInput");
    const float* dy = args.floats(1, "dy", outputSize(g));
    const float* w = args.floats(2, "w", filterSize(g));
    conv2dBackpropInput(g, dy, w, args.floats(3, "dx", inputSize(g)));
  });
}

// conv2dBackpropFilter(geometry, x, dy, dw).
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 4);
    const ConvGeometry g = geometryOf(args, 0, "conv2dBackpropFilter");
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
    const std::size_t size = product({std::size_t(rows), std::size_t(channels)}, "x");
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
  asInt(product({4, std::size_t(s.units)}, "gates"), "4 * units");  // the recurrent product's width
  return s;
}

// Values per state array [B, T, H]; the gate arrays hold four times as many.
std::size_t lstmStates(const LstmShape& s) {
  const std::size_t states = product({std::size_t(s.batch), std::size_t(s.steps), std::size_t(s.units)}, "states");
  product({4, states}, "gates");
  return states;
}

std::size_t lstmKernelSize(const LstmShape& s) {
  return product({std::size_t(s.units), 4, std::size_t(s.units)}, "u");
}

// lstmForward(batch, steps, units, hardSigmoid, xw, u, hs, cs, gates, tanhCs).
napi_value LstmForward(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 10);
    const LstmShape s = lstmShapeOf(args);
    const std::size_t states = lstmStates(s);
    const float* xw = args.floats(4, "xw", 4 * states);
    const float* u = args.floats(5, "u", lstmKernelSize(s));
    lstmForward(s, xw, u, args.floats(6, "hs", states), args.floats(7, "cs", states), args.floats(8, "gates", 4 * states),
                args.floats(9, "tanhCs", states));
  });
}

// lstmBackward(batch, steps, units, hardSigmoid, dhs, cs, tanhCs, gates, u, dz).
napi_value LstmBackward(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 10);
    const LstmShape s = lstmShapeOf(args);
    const std::size_t states = lstmStates(s);
    const float* dhs = args.floats(4, "dhs", states);
    const float* cs = args.floats(5, "cs", states);
    const float* tanhCs = args.floats(6, "tanhCs", states);
    const float* gates = args.floats(7, "gates", 4 * states);
    const float* u = args.floats(8, "u", lstmKernelSize(s));
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

// __injectFault(kind): test hook. 'worker' or 'caller': the next call split across the pool throws
// std::bad_alloc from a worker thread, or from the calling thread's own part (see threads.h).
napi_value InjectFault(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 1);
    const std::string kind = args.text(0, "kind");
    if (kind == "worker") {
      injectFault(Fault::Worker);
    } else if (kind == "caller") {
      injectFault(Fault::Caller);
    } else if (kind == "none") {
      injectFault(Fault::None);
    } else {
      throw Failure{"kind must be 'worker', 'caller' or 'none'"};
    }
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
      {"__injectFault", nullptr, InjectFault, nullptr, nullptr, nullptr, napi_default, nullptr},
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
