// The addon refuses what would make it read or write outside its arrays: convolution geometries whose output does
// not follow from the input, sizes that overflow or are not integers; and an exception inside its thread pool
// reaches the caller as an error, after which the pool still works.
import { describeNative, native, random } from './__fixtures__/native';

const kernels = native as NonNullable<typeof native>;

type Pad = 'same' | 'valid' | number;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

// tfjs-core's getPadAndOutInfo (ops/conv_util.js) along one axis, on the effective (dilated) filter size: the
// output size and leading pad that computeConv2DInfo passes to the native kernels.
function tfjsAxis(inSize: number, filter: number, stride: number, dilation: number, pad: Pad, rounding: Rounding) {
  const effective = (filter - 1) * dilation + 1;
  if (pad === 'same') {
    const out = Math.ceil(inSize / stride);
    return { out, top: Math.floor(Math.max(0, (out - 1) * stride + effective - inSize) / 2) };
  }
  if (pad === 'valid') return { out: Math.ceil((inSize - effective + 1) / stride), top: 0 };
  const value = (inSize - effective + 2 * pad) / stride + 1;
  const out = rounding === undefined ? Math.trunc(value) : Math[rounding](value);
  return { out, top: pad };
}

// batch, in (h, w), channels, filter (h, w), out channels, strides, dilations, pads (top, left), out (h, w).
function geometry(inH: number, inW: number, f: number, s: number, d: number, top: number, outH: number, outW: number) {
  return Int32Array.of(1, inH, inW, 1, f, f, 8, s, s, d, d, top, top, outH, outW);
}

function arraysFor(g: Int32Array) {
  const [batch, inH, inW, inC, fH, fW, outC] = g;
  const [outH, outW] = [g[13], g[14]];
  return {
    x: new Float32Array(batch * inH * inW * inC),
    w: new Float32Array(fH * fW * inC * outC),
    y: new Float32Array(batch * outH * outW * outC),
  };
}

describeNative('native convolutions check their geometry', () => {
  test('an output larger than a 1×1 convolution input throws, naming both sizes, before touching memory', () => {
    // Arrays long enough for the stated sizes: only the geometry check stands between this call and a read past x.
    const g = Int32Array.of(1, 4, 4, 1, 1, 1, 8, 1, 1, 1, 1, 0, 0, 9, 4);
    const { x, w, y } = arraysFor(g);
    expect(() => kernels.conv2d(g, x, w, null, 0, y)).toThrow(
      'conv2d: outHeight 9 does not follow from inHeight 4, filter 1, stride 1, dilation 1, pad top 0 (expected 4 to 5)',
    );
    expect(() => kernels.conv2dBackpropInput(g, y, w, x)).toThrow(
      'conv2dBackpropInput: outHeight 9 does not follow from inHeight 4',
    );
    expect(() => kernels.conv2dBackpropFilter(g, x, y, w)).toThrow(
      'conv2dBackpropFilter: outHeight 9 does not follow from inHeight 4',
    );
  });

  test('widths are checked too, and outputs too small (windows past the stride) as well as too large', () => {
    // 6 wide, 3×3 filter, stride 2, valid: out 2 (an implied right pad of -1 or 0 … up to 1 gives 2 or 3).
    const wide = geometry(6, 6, 3, 2, 1, 0, 2, 5);
    const a = arraysFor(wide);
    expect(() => kernels.conv2d(wide, a.x, a.w, null, 0, a.y)).toThrow(
      'conv2d: outWidth 5 does not follow from inWidth 6, filter 3, stride 2, dilation 1, pad left 0 (expected 2 to 3)',
    );
    const narrow = geometry(9, 9, 3, 1, 1, 1, 9, 6);
    const b = arraysFor(narrow);
    expect(() => kernels.conv2d(narrow, b.x, b.w, null, 0, b.y)).toThrow(
      'conv2d: outWidth 6 does not follow from inWidth 9, filter 3, stride 1, dilation 1, pad left 1 (expected 8 to 10)',
    );
    // A 3×3 filter at dilation 3 spans 7: over 5 rows only an empty output follows, over 2 none at all.
    const dilated = geometry(5, 5, 3, 1, 3, 0, 1, 1);
    const c = arraysFor(dilated);
    expect(() => kernels.conv2d(dilated, c.x, c.w, null, 0, c.y)).toThrow('pad top 0 (expected 0)');
    const small = geometry(2, 2, 3, 1, 3, 0, 1, 1);
    const e = arraysFor(small);
    expect(() => kernels.conv2d(small, e.x, e.w, null, 0, e.y)).toThrow(
      'conv2d: outHeight 1 does not follow from inHeight 2, filter 3, stride 1, dilation 3, pad top 0 ' +
        '(expected none: the filter spans more than the padded input)',
    );
  });

  test("every geometry tfjs derives ('same', 'valid', numeric pads with each rounding) is accepted", () => {
    let checked = 0;
    for (let inSize = 1; inSize <= 9; inSize++) {
      for (let filter = 1; filter <= 4; filter++) {
        for (const stride of [1, 2, 3]) {
          for (const dilation of [1, 2]) {
            for (const pad of ['same', 'valid', 0, 1, 2] as const) {
              for (const rounding of [undefined, 'floor', 'round', 'ceil'] as const) {
                const { out, top } = tfjsAxis(inSize, filter, stride, dilation, pad, rounding);
                if (out < 1) continue;
                const g = geometry(inSize, inSize, filter, stride, dilation, top, out, out);
                const { x, w, y } = arraysFor(g);
                kernels.conv2d(g, x, w, null, 0, y);
                kernels.conv2dBackpropInput(g, y, w, x);
                kernels.conv2dBackpropFilter(g, x, y, w);
                checked++;
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  test('an empty output (a filter wider than the input, valid) computes nothing and zeroes the filter gradient', () => {
    const g = geometry(2, 2, 3, 1, 1, 0, 0, 0); // 3×3 over 2×2: 0 outputs follow
    const { x, w, y } = arraysFor(g);
    const dw = w.fill(5);
    kernels.conv2d(g, x.fill(1), w, null, 0, y);
    kernels.conv2dBackpropFilter(g, x, y, dw);
    expect(Array.from(new Set(dw))).toEqual([0]);
  });

  test('a geometry whose sizes overflow a 64-bit product throws instead of wrapping', () => {
    const huge = 2 ** 30;
    const g = Int32Array.of(huge, huge, huge, huge, 1, 1, 1, 1, 1, 1, 1, 0, 0, huge, huge);
    const f = new Float32Array(8);
    expect(() => kernels.conv2d(g, f, f, null, 0, f)).toThrow('size overflows');
    expect(() => kernels.conv2dBackpropInput(g, f, f, f)).toThrow('size overflows');
  });

  test('a filter too wide for the product, non-positive filters, negative pads', () => {
    const f = new Float32Array(8);
    const wide = Int32Array.of(1, 1, 1, 2 ** 30, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    expect(() => kernels.conv2d(wide, f, f, null, 0, f)).toThrow(
      'filterHeight * filterWidth * inChannels is too large',
    );
    const empty = Int32Array.of(1, 4, 4, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 4, 4);
    expect(() => kernels.conv2d(empty, f, f, null, 0, f)).toThrow('filter sizes must be at least 1');
    const negative = Int32Array.of(1, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, -1, 0, 4, 4);
    expect(() => kernels.conv2d(negative, f, f, null, 0, f)).toThrow('convolution sizes must not be negative');
  });
});

describeNative('the other entry points check their sizes', () => {
  const f = new Float32Array(16);

  test('sizes must be 32-bit integers: fractions and values that would wrap are refused', () => {
    expect(() => kernels.matMul(2.5, 1, 1, f, false, f, false, f, null, 0)).toThrow('M must be a 32-bit integer');
    expect(() => kernels.matMul(2 ** 32 + 4, 1, 1, f, false, f, false, f, null, 0)).toThrow(
      'M must be a 32-bit integer',
    );
    expect(() => kernels.reluGrad(Number.NaN, f, f, f)).toThrow('n must be a 32-bit integer');
    expect(() => kernels.adamUpdate(-1, f, f, f, f, f, f, f, 0.9, 0.999, 1e-7, 0.1, 1, 1)).toThrow(
      'n must not be negative',
    );
  });

  test('gemm: strided extents, ldc and lengths', () => {
    expect(() => kernels.gemm(2, 3, 4, f, 4, 1, f, 3, 1, f, 2, false)).toThrow('ldc must be at least N');
    // a's last element: (2 - 1) · 20 + (4 - 1) · 1 + 1 = 24 values.
    expect(() => kernels.gemm(2, 3, 4, f, 20, 1, f, 3, 1, f, 3, false)).toThrow('a holds 16 values, 24 needed');
  });

  test('batch norm: x, gamma, beta and the outputs hold rows × channels and channels values', () => {
    const x = new Float32Array(12);
    expect(() => kernels.batchNormTrain(3, 4, x, new Float32Array(3), f, 1e-3, x, f, f)).toThrow(
      'gamma holds 3 values, 4 needed',
    );
    expect(() => kernels.batchNormTrain(4, 4, x, f, f, 1e-3, x, f, f)).toThrow('x holds 12 values, 16 needed');
  });

  test('LSTM: gate arrays four times the states, the recurrent kernel units × 4 units, no overflowing product', () => {
    const [B, T, H] = [2, 3, 4];
    const states = new Float32Array(B * T * H);
    const gates = new Float32Array(4 * B * T * H);
    const u = new Float32Array(H * 4 * H);
    expect(() => kernels.lstmForward(B, T, H, false, gates.subarray(1), u, states, states, gates, states)).toThrow(
      'xw holds 95 values, 96 needed',
    );
    expect(() => kernels.lstmBackward(B, T, H, false, states, states, states, gates, u.subarray(4), gates)).toThrow(
      'u holds 60 values, 64 needed',
    );
    expect(() => kernels.lstmForward(2 ** 21, 2 ** 21, 2 ** 21, false, f, f, f, f, f, f)).toThrow(
      'gates: size overflows',
    );
    expect(() => kernels.lstmForward(1, 1, 2 ** 30, false, f, f, f, f, f, f)).toThrow('4 * units is too large');
  });
});

describeNative('an exception inside the thread pool', () => {
  // Big enough to split (over 2^20 multiply-adds), and for a worker's share to take milliseconds.
  const [M, N, K] = [512, 512, 512];
  const a = random(M * K, 11);
  const b = random(K * N, 12);
  const product = (c = new Float32Array(M * N)) => {
    kernels.matMul(M, N, K, a, false, b, false, c, null, 0);
    return c;
  };
  const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  afterEach(() => {
    kernels.__injectFault('none');
    kernels.setThreads(1);
  });

  test.each([
    ['worker', 2],
    ['caller', 2],
    ['worker', 3],
    ['caller', 4],
  ] as const)('thrown on the %s thread (%i threads) reaches the caller, and the next call works', (kind, threads) => {
    const expected = product();
    kernels.setThreads(threads);
    kernels.__injectFault(kind);
    const failed = new Float32Array(M * N).fill(Number.NaN);
    expect(() => product(failed)).toThrow('out of memory');
    // Once the error is back no thread still works on the call: its output stays as it was.
    const atThrow = failed.slice();
    sleep(50);
    expect(Buffer.from(failed.buffer).equals(Buffer.from(atThrow.buffer))).toBe(true);
    const again = product();
    expect(Buffer.from(again.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  test("in Adam's split too", () => {
    const n = 70_001;
    const [w, g, m, v] = [1, 2, 3, 4].map((seed) => random(n, seed).map(Math.abs));
    const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    const step = () => kernels.adamUpdate(n, w, g, m, v, out[0], out[1], out[2], 0.9, 0.999, 1e-7, 0.01, 0.1, 0.001);
    kernels.setThreads(2);
    kernels.__injectFault('worker');
    expect(step).toThrow('out of memory');
    step();
    const mi = 0.9 * m[n - 1] + 0.1 * g[n - 1];
    expect(out[1][n - 1]).toBeCloseTo(mi, 6);
  });

  test('an unknown fault kind is refused', () => {
    expect(() => kernels.__injectFault('disk' as 'none')).toThrow("kind must be 'worker', 'caller' or 'none'");
  });
});
