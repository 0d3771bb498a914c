import * as path from 'node:path';

/** Activations the native kernels fuse into a product: 0 linear, 1 relu. */
export type NativeActivation = 0 | 1;

/**
 * Convolution geometry, 15 values in this order: batch, inHeight, inWidth, inChannels, filterHeight,
 * filterWidth, outChannels, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft,
 * outHeight, outWidth. Input NHWC, filter HWIO (TensorFlow's layouts).
 */
export type ConvGeometry = Int32Array;

/** The addon's functions. Every array is read and written in place; sizes are checked against lengths. */
export interface NativeKernels {
  /** The micro-kernel this CPU runs: 'avx2-fma' or 'portable'. */
  readonly kernel: string;
  /** c[M×N] = activation(op(a) op(b) + bias); a is [M×K] ([K×M] transposed), b [K×N] ([N×K] transposed). */
  matMul(
    M: number,
    N: number,
    K: number,
    a: Float32Array,
    transposeA: boolean,
    b: Float32Array,
    transposeB: boolean,
    c: Float32Array,
    bias: Float32Array | null,
    activation: NativeActivation,
  ): void;
  /** c = a b (+ c when accumulate), a and b given by row and column strides, c row-major with row stride ldc. */
  gemm(
    M: number,
    N: number,
    K: number,
    a: Float32Array,
    aRowStride: number,
    aColStride: number,
    b: Float32Array,
    bRowStride: number,
    bColStride: number,
    c: Float32Array,
    ldc: number,
    accumulate: boolean,
  ): void;
  conv2d(
    geometry: ConvGeometry,
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    activation: NativeActivation,
    y: Float32Array,
  ): void;
  conv2dBackpropInput(geometry: ConvGeometry, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  conv2dBackpropFilter(geometry: ConvGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array): void;
  /**
   * Batch norm's training forward pass over x [rows × channels]: the batch mean and (biased) variance per
   * channel, and y = (x - mean) / sqrt(variance + epsilon) · gamma + beta.
   */
  batchNormTrain(
    rows: number,
    channels: number,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    epsilon: number,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
  ): void;
  /**
   * The LSTM recurrence over xw [B, T, 4H] (x·W + b per step) with recurrent kernel u [H, 4H], tfjs gate order
   * i, f, g, o, zero initial state: writes hs, cs, tanhCs [B, T, H] and the activated gates [B, T, 4H].
   */
  lstmForward(
    batch: number,
    steps: number,
    units: number,
    hardSigmoid: boolean,
    xw: Float32Array,
    u: Float32Array,
    hs: Float32Array,
    cs: Float32Array,
    gates: Float32Array,
    tanhCs: Float32Array,
  ): void;
  /** dx = dy where x > 0, else 0 (NaN where x is NaN): relu's gradient in one pass. */
  reluGrad(n: number, dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /**
   * One Adam step over n weights in one pass (tfjs's formulas): m' = β1·m + (1-β1)·g, v' = β2·v + (1-β2)·g²,
   * w' = w - lr·(m'/c1)/(√(v'/c2) + ε), with c1 = 1 - β1^t and c2 = 1 - β2^t.
   */
  adamUpdate(
    n: number,
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    wOut: Float32Array,
    mOut: Float32Array,
    vOut: Float32Array,
    beta1: number,
    beta2: number,
    epsilon: number,
    learningRate: number,
    correction1: number,
    correction2: number,
  ): void;
  /**
   * How many threads this JavaScript thread's products (the convolutions built on them, and Adam) may use, itself
   * included; 1 (the default) keeps them on the caller. Each JavaScript thread has its own setting and pool.
   * Results are the same bits whatever the count.
   */
  setThreads(threads: number): void;
  threads(): number;
  /**
   * Test hook: the next call split across this thread's pool throws an allocation failure from a worker thread
   * ('worker') or from the calling thread's share ('caller'); 'none' disarms it.
   */
  __injectFault(kind: 'worker' | 'caller' | 'none'): void;
  /** Backpropagation through time: from dhs [B, T, H] and the forward's outputs, dz [B, T, 4H] (= d xw). */
  lstmBackward(
    batch: number,
    steps: number,
    units: number,
    hardSigmoid: boolean,
    dhs: Float32Array,
    cs: Float32Array,
    tanhCs: Float32Array,
    gates: Float32Array,
    u: Float32Array,
    dz: Float32Array,
  ): void;
}

export type NativeLoad = { kernels: NativeKernels; reason: null } | { kernels: null; reason: string };

let loaded: NativeLoad | null = null;

/**
 * The native kernels, or null with the reason they are not in use: not built (no C++ toolchain at install;
 * `npm run build` builds them), or switched off with AUDIO_DL_NATIVE=0. Loaded once per thread.
 */
export function loadNativeKernels(): NativeLoad {
  if (loaded !== null) return loaded;
  if (process.env.AUDIO_DL_NATIVE === '0') {
    loaded = { kernels: null, reason: 'switched off by AUDIO_DL_NATIVE=0' };
    return loaded;
  }
  // The same path from src/ (tests) and dist/ (built package); AUDIO_DL_NATIVE_BUILD=sanitized loads the
  // AddressSanitizer build (scripts/test-sanitized.cjs) instead.
  const folder = process.env.AUDIO_DL_NATIVE_BUILD === 'sanitized' ? ['build-sanitized'] : ['build', 'Release'];
  const file = path.join(__dirname, '..', ...folder, 'audio_dl_native.node');
  try {
    loaded = { kernels: require(file) as NativeKernels, reason: null };
  } catch (err) {
    const text = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    loaded = { kernels: null, reason: `${path.relative(process.cwd(), file)} could not be loaded: ${text}` };
  }
  return loaded;
}
