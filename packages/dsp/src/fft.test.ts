import { nextPow2, RealFft, realDft } from './fft';
import { spectrum } from './spectrum';
import { hann } from './window';

function naiveDft(x: Float64Array): Float64Array {
  const n = x.length;
  const half = Math.floor(n / 2) + 1;
  const out = new Float64Array(2 * half);
  for (let k = 0; k < half; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      out[2 * k] += x[t] * Math.cos(a);
      out[2 * k + 1] += x[t] * Math.sin(a);
    }
  }
  return out;
}

function noise(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 1073741824 - 1;
  });
}

describe('realDft (numpy fft.fft positive half) for any length', () => {
  it.each([2, 3, 16, 30, 1000, 1023])('n = %i matches a direct DFT to 1e-9', (n) => {
    const x = noise(n, n);
    const got = realDft(x);
    const want = naiveDft(x);
    expect(got.length).toBe(want.length);
    let err = 0;
    for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
    expect(err).toBeLessThan(1e-9 * n);
  });

  it.each(['auto', 'fft.js'] as const)('RealFft (%s backend): |X|² and X for bins 0…n/2', (backend) => {
    for (const n of [64, 2048]) {
      const x = noise(n, 7);
      const rf = new RealFft(n, backend);
      rf.frame().set(x);
      const p = new Float64Array(n / 2 + 1);
      rf.power(p);
      const spec = new Float64Array(n + 2);
      rf.frame().set(x);
      rf.spectrum(spec);
      const d = naiveDft(Float64Array.from(rf.frame()));
      const peak = Math.max(...p);
      for (let k = 0; k <= n / 2; k++) {
        expect(Math.abs(p[k] - (d[2 * k] ** 2 + d[2 * k + 1] ** 2))).toBeLessThan(1e-5 * peak);
        expect(Math.abs(spec[2 * k] - d[2 * k])).toBeLessThan(1e-5 * Math.sqrt(peak));
        expect(Math.abs(spec[2 * k + 1] - d[2 * k + 1])).toBeLessThan(1e-5 * Math.sqrt(peak));
      }
    }
  });

  it('the default backend is PFFFT (WebAssembly) for multiples of 32, fft.js below; non-powers of two throw', () => {
    expect(new RealFft(2048).backend).toBe('pffft');
    expect(new RealFft(16).backend).toBe('fft.js');
    expect(new RealFft(2048, 'fft.js').backend).toBe('fft.js');
    expect(() => new RealFft(100)).toThrow(/power of two/);
    expect(nextPow2(1025)).toBe(2048);
  });
});

describe('spectrum (§08.3)', () => {
  it('1 s of a 440 Hz sine (22 050 samples, not a power of two): exact peak n·A/2 at 440 Hz, 0…sr/2', () => {
    const sr = 22050;
    const y = Float32Array.from({ length: sr }, (_, n) => 0.5 * Math.sin((2 * Math.PI * 440 * n) / sr));
    const { magnitude, frequency } = spectrum(y, sr);
    expect(magnitude.length).toBe(11026);
    expect(frequency[0]).toBe(0);
    expect(frequency[11025]).toBeCloseTo(sr / 2, 6);
    let arg = 0;
    for (let k = 1; k < magnitude.length; k++) if (magnitude[k] > magnitude[arg]) arg = k;
    expect(frequency[arg]).toBe(440);
    expect(magnitude[arg]).toBeCloseTo((sr * 0.5) / 2, 1);
    expect(magnitude[300]).toBeLessThan(1e-2);
  });
});

describe('RealFft.hannPower (periodic Hann applied in the frequency domain)', () => {
  it.each(['auto', 'fft.js'] as const)(
    '%s: equals power() of the windowed frame within 1e-5 of the peak',
    (backend) => {
      const n = 2048;
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.3) + 0.5 * Math.cos(i * 1.7) + 0.1);
      const w = hann(n);
      const fft = new RealFft(n, backend);
      const a = new Float64Array(fft.bins);
      const b = new Float64Array(fft.bins);
      fft.frame().set(x.map((v, i) => v * w[i]));
      fft.power(a);
      fft.frame().set(x);
      fft.hannPower(b);
      const peak = Math.max(...a);
      let err = 0;
      for (let k = 0; k < fft.bins; k++) err = Math.max(err, Math.abs(a[k] - b[k]));
      expect(peak).toBeGreaterThan(1e4);
      expect(err).toBeLessThanOrEqual(1e-5 * peak);
    },
  );
});
