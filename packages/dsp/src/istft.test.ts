import { InverseRealFft, istft } from './istft';
import { stft } from './stft';

function noise(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

function maxAbs(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('istft (librosa 0.10: periodic Hann, centred, window-sum-square normalisation)', () => {
  it('inverts the forward STFT: istft(stft(y), length) = y within float32 rounding', () => {
    const y = noise(10_000, 1);
    const back = istft(stft(y, { nFft: 1024, hopLength: 256 }), { length: y.length });
    expect(back).toHaveLength(10_000);
    expect(maxAbs(back, y)).toBeLessThan(2e-6);
  });

  it('without length gives hop·(frames − 1) samples (centred), the signal rounded down to whole hops', () => {
    const y = noise(5000, 2);
    const D = stft(y, { nFft: 512, hopLength: 128 });
    expect(D.shape).toEqual([257, 40]);
    const back = istft(D);
    expect(back).toHaveLength(128 * 39);
    expect(maxAbs(back, y.subarray(0, back.length))).toBeLessThan(2e-6);
  });

  it('a longer length zero-pads past the last frame; a shorter one trims', () => {
    const y = noise(4096, 3);
    const D = stft(y, { nFft: 512 });
    const long = istft(D, { length: 6000 });
    expect(long).toHaveLength(6000);
    expect(maxAbs(long.subarray(0, 4096), y)).toBeLessThan(2e-6);
    expect(Math.max(...long.subarray(4096 + 512).map(Math.abs))).toBe(0);
    expect(maxAbs(istft(D, { length: 1000 }), y.subarray(0, 1000))).toBeLessThan(2e-6);
  });

  it('handles a short window centred in nFft, a rectangular window and uncentred frames', () => {
    const y = noise(3000, 4);
    const short = istft(stft(y, { nFft: 512, winLength: 256, hopLength: 64 }), {
      winLength: 256,
      hopLength: 64,
      length: y.length,
    });
    expect(maxAbs(short, y)).toBeLessThan(2e-6);
    const ones = istft(stft(y, { nFft: 256, hopLength: 128, window: 'ones' }), {
      window: 'ones',
      hopLength: 128,
      length: y.length,
    });
    expect(maxAbs(ones, y)).toBeLessThan(2e-6);
    // uncentred: sample 0 sees only a window value of 0 (not recovered), and near both ends the envelope is small
    // enough to magnify float32 rounding, so compare one hop in from each end
    const raw = istft(stft(y, { nFft: 256, hopLength: 64, center: false }), { center: false });
    expect(raw).toHaveLength(256 + 64 * 42);
    expect(raw[0]).toBe(0);
    expect(maxAbs(raw.subarray(64, -64), y.subarray(64, raw.length - 64))).toBeLessThan(2e-6);
  });

  it('the inverse real FFT matches the definition, ignoring the imaginary parts of DC and Nyquist', () => {
    const n = 16;
    const re = Float32Array.from({ length: 9 }, (_, k) => Math.cos(k) * (k + 1));
    const im = Float32Array.from({ length: 9 }, (_, k) => Math.sin(3 * k) + 0.5);
    const out = new Float64Array(n);
    new InverseRealFft(n).transform(re, im, 0, 1, out);
    for (let t = 0; t < n; t++) {
      let x = re[0] + re[8] * Math.cos(Math.PI * t);
      for (let k = 1; k < 8; k++) {
        const a = (2 * Math.PI * k * t) / n;
        x += 2 * (re[k] * Math.cos(a) - im[k] * Math.sin(a));
      }
      expect(out[t]).toBeCloseTo(x / n, 12);
    }
  });

  it('refuses a matrix whose bins do not fit nFft, a window longer than nFft, and unknown options', () => {
    const D = stft(noise(2048, 5), { nFft: 256 });
    expect(() => istft(D, { nFft: 512 })).toThrow('istft: 129 bins do not fit nFft 512');
    expect(() => istft(D, { winLength: 300 })).toThrow('winLength 300 exceeds nFft 256');
    expect(() => istft(D, { hop: 64 } as never)).toThrow(/hop/);
  });
});
