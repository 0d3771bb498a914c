// Convolutions, batch norm, the LSTM recurrence and relu's gradient against float64 references. CI runs this
// file twice: as built, and with AUDIO_DL_NATIVE_PORTABLE=1, which forces the portable (non-AVX2) kernels.
import { describeNative, maxError, native, random } from './__fixtures__/native';

const kernels = native as NonNullable<typeof native>;

interface Conv {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  f: number;
  outC: number;
  stride: number;
  dilation: number;
  top: number;
  outH: number;
  outW: number;
}

const geometryOf = (c: Conv) =>
  Int32Array.of(
    c.batch,
    c.inH,
    c.inW,
    c.inC,
    c.f,
    c.f,
    c.outC,
    c.stride,
    c.stride,
    c.dilation,
    c.dilation,
    c.top,
    c.top,
    c.outH,
    c.outW,
  );

// Visits every (output pixel, tap) pair whose input position lies inside the input: the convolution's sum terms.
function forTerms(c: Conv, visit: (xAt: number, wAt: number, yAt: number) => void) {
  for (let n = 0; n < c.batch; n++) {
    for (let oh = 0; oh < c.outH; oh++) {
      for (let ow = 0; ow < c.outW; ow++) {
        for (let kh = 0; kh < c.f; kh++) {
          const ih = oh * c.stride + kh * c.dilation - c.top;
          for (let kw = 0; kw < c.f; kw++) {
            const iw = ow * c.stride + kw * c.dilation - c.top;
            if (ih < 0 || ih >= c.inH || iw < 0 || iw >= c.inW) continue;
            for (let ci = 0; ci < c.inC; ci++) {
              for (let co = 0; co < c.outC; co++) {
                visit(
                  ((n * c.inH + ih) * c.inW + iw) * c.inC + ci,
                  ((kh * c.f + kw) * c.inC + ci) * c.outC + co,
                  ((n * c.outH + oh) * c.outW + ow) * c.outC + co,
                );
              }
            }
          }
        }
      }
    }
  }
}

// The paths the kernels take: direct AVX2 loops (one input channel, 8 outputs), im2col with stride, padding and
// dilation, the 1×1 convolution that reads its input in place, and one whose output implies a bottom pad.
const convs: [string, Conv][] = [
  [
    '3×3, 1 → 8 channels, same',
    { batch: 2, inH: 7, inW: 6, inC: 1, f: 3, outC: 8, stride: 1, dilation: 1, top: 1, outH: 7, outW: 6 },
  ],
  [
    '3×3, 4 → 5, stride 2, dilation 2, same',
    { batch: 2, inH: 9, inW: 8, inC: 4, f: 3, outC: 5, stride: 2, dilation: 2, top: 2, outH: 5, outW: 4 },
  ],
  [
    '4×4, 3 → 16, valid',
    { batch: 1, inH: 10, inW: 9, inC: 3, f: 4, outC: 16, stride: 1, dilation: 1, top: 0, outH: 7, outW: 6 },
  ],
  ['1×1, 6 → 7', { batch: 3, inH: 5, inW: 4, inC: 6, f: 1, outC: 7, stride: 1, dilation: 1, top: 0, outH: 5, outW: 4 }],
  [
    '1×1, 2 → 7, bottom and right pad 1',
    { batch: 1, inH: 3, inW: 3, inC: 2, f: 1, outC: 7, stride: 1, dilation: 1, top: 0, outH: 4, outW: 4 },
  ],
];

describeNative('native kernels against float64 references', () => {
  test('run the kernel AUDIO_DL_NATIVE_PORTABLE asks for', () => {
    if (process.env.AUDIO_DL_NATIVE_PORTABLE === '1') expect(kernels.kernel).toBe('portable');
    else expect(['avx2-fma', 'portable']).toContain(kernels.kernel);
  });

  test.each(convs)('conv2d with bias and relu, and both gradients: %s', (_, c) => {
    const g = geometryOf(c);
    const x = random(c.batch * c.inH * c.inW * c.inC, 1);
    const w = random(c.f * c.f * c.inC * c.outC, 2);
    const bias = random(c.outC, 3);
    const dy = random(c.batch * c.outH * c.outW * c.outC, 4);
    const y = new Float64Array(dy.length);
    const dx = new Float64Array(x.length);
    const dw = new Float64Array(w.length);
    forTerms(c, (xAt, wAt, yAt) => {
      y[yAt] += x[xAt] * w[wAt];
      dx[xAt] += dy[yAt] * w[wAt];
      dw[wAt] += x[xAt] * dy[yAt];
    });
    const relu = y.map((v, i) => Math.max(0, v + bias[i % c.outC]));
    const got = {
      y: new Float32Array(y.length),
      dx: new Float32Array(dx.length).fill(9),
      dw: new Float32Array(dw.length),
    };
    kernels.conv2d(g, x, w, bias, 1, got.y);
    kernels.conv2dBackpropInput(g, dy, w, got.dx);
    kernels.conv2dBackpropFilter(g, x, dy, got.dw);
    expect(maxError(got.y, relu)).toBeLessThan(1e-5);
    expect(maxError(got.dx, dx)).toBeLessThan(1e-5);
    expect(maxError(got.dw, dw)).toBeLessThan(1e-4);
  });

  test('batch norm: moments and the normalised output', () => {
    const [rows, channels] = [37, 11];
    const x = random(rows * channels, 5).map((v, i) => v * (1 + (i % channels)) + (i % 3));
    const gamma = random(channels, 6);
    const beta = random(channels, 7);
    const mean = new Float64Array(channels);
    const variance = new Float64Array(channels);
    for (let i = 0; i < x.length; i++) mean[i % channels] += x[i] / rows;
    for (let i = 0; i < x.length; i++) variance[i % channels] += (x[i] - mean[i % channels]) ** 2 / rows;
    const y = new Float64Array(x.length).map(
      (_, i) =>
        ((x[i] - mean[i % channels]) / Math.sqrt(variance[i % channels] + 1e-3)) * gamma[i % channels] +
        beta[i % channels],
    );
    const got = [new Float32Array(x.length), new Float32Array(channels), new Float32Array(channels)];
    kernels.batchNormTrain(rows, channels, x, gamma, beta, 1e-3, got[0], got[1], got[2]);
    expect(maxError(got[1], mean)).toBeLessThan(1e-5);
    expect(maxError(got[2], variance)).toBeLessThan(1e-4);
    expect(maxError(got[0], y)).toBeLessThan(1e-4);
  });

  test.each([false, true])('LSTM forward and backward through time (hard sigmoid: %s)', (hard) => {
    const [B, T, H] = [3, 5, 7];
    const xw = random(B * T * 4 * H, 8);
    const u = random(H * 4 * H, 9).map((v) => v * 0.5);
    const dhs = random(B * T * H, 10);
    const sigma = (z: number) => (hard ? Math.min(1, Math.max(0, 0.2 * z + 0.5)) : 1 / (1 + Math.exp(-z)));
    const slope = (s: number) => (hard ? (s > 0 && s < 1 ? 0.2 : 0) : s * (1 - s));
    const hs = new Float64Array(B * T * H);
    const cs = new Float64Array(B * T * H);
    const gates = new Float64Array(B * T * 4 * H);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const s = (b * T + t) * H;
        for (let j = 0; j < H; j++) {
          const z = [0, 1, 2, 3].map((q) => {
            let sum = xw[(b * T + t) * 4 * H + q * H + j];
            for (let k = 0; t > 0 && k < H; k++) sum += hs[s - H + k] * u[k * 4 * H + q * H + j];
            return sum;
          });
          const [i, f, gg, o] = [sigma(z[0]), sigma(z[1]), Math.tanh(z[2]), sigma(z[3])];
          cs[s + j] = f * (t > 0 ? cs[s - H + j] : 0) + i * gg;
          hs[s + j] = o * Math.tanh(cs[s + j]);
          [i, f, gg, o].forEach((v, q) => {
            gates[(b * T + t) * 4 * H + q * H + j] = v;
          });
        }
      }
    }
    const dz = new Float64Array(gates.length);
    for (let b = 0; b < B; b++) {
      const dhNext = new Float64Array(H);
      const dcNext = new Float64Array(H);
      for (let t = T - 1; t >= 0; t--) {
        const s = (b * T + t) * H;
        const gb = (b * T + t) * 4 * H;
        for (let j = 0; j < H; j++) {
          const [i, f, gg, o] = [0, 1, 2, 3].map((q) => gates[gb + q * H + j]);
          const dh = dhs[s + j] + dhNext[j];
          const tc = Math.tanh(cs[s + j]);
          const dc = dcNext[j] + dh * o * (1 - tc * tc);
          dcNext[j] = dc * f;
          dz[gb + j] = dc * gg * slope(i);
          dz[gb + H + j] = dc * (t > 0 ? cs[s - H + j] : 0) * slope(f);
          dz[gb + 2 * H + j] = dc * i * (1 - gg * gg);
          dz[gb + 3 * H + j] = dh * tc * slope(o);
        }
        for (let k = 0; k < H; k++) {
          let sum = 0;
          for (let q = 0; q < 4 * H; q++) sum += dz[gb + q] * u[k * 4 * H + q];
          dhNext[k] = sum;
        }
      }
    }
    const got = {
      hs: new Float32Array(hs.length),
      cs: new Float32Array(cs.length),
      gates: new Float32Array(gates.length),
      tanhCs: new Float32Array(cs.length),
      dz: new Float32Array(dz.length),
    };
    kernels.lstmForward(B, T, H, hard, xw, u, got.hs, got.cs, got.gates, got.tanhCs);
    kernels.lstmBackward(B, T, H, hard, dhs, got.cs, got.tanhCs, got.gates, u, got.dz);
    expect(maxError(got.hs, hs)).toBeLessThan(1e-5);
    expect(maxError(got.cs, cs)).toBeLessThan(1e-5);
    expect(maxError(got.gates, gates)).toBeLessThan(1e-5);
    expect(maxError(got.dz, dz)).toBeLessThan(1e-4);
  });

  test("relu's gradient: dy where x > 0, 0 elsewhere, NaN where x is NaN", () => {
    const n = 1001;
    const x = random(n, 11);
    x[500] = Number.NaN;
    const dy = random(n, 12);
    const dx = new Float32Array(n);
    kernels.reluGrad(n, dy, x, dx);
    expect(Number.isNaN(dx[500])).toBe(true);
    x[500] = 0;
    dx[500] = 0;
    expect(
      maxError(
        dx,
        Float64Array.from(x, (v, i) => (v > 0 ? dy[i] : 0)),
      ),
    ).toBe(0);
  });
});
