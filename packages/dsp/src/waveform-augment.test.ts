import { gaussian, mulberry32 } from './random';
import { addNoise, applyGain } from './waveform-augment';

const tone = Float32Array.from({ length: 22050 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 22050));
const power = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s / x.length;
};

describe('addNoise', () => {
  it.each([0, 10, 20, 40])('adds noise exactly %i dB below the signal', (snr) => {
    const out = addNoise(tone, snr, 7);
    const noise = out.map((v, i) => v - tone[i]);
    expect(10 * Math.log10(power(tone) / power(noise))).toBeCloseTo(snr, 3);
  });

  it('is deterministic: same seed, same output; another seed, another output; the input is untouched', () => {
    const before = Float32Array.from(tone);
    const a = addNoise(tone, 20, 1);
    expect(addNoise(tone, 20, 1)).toEqual(a);
    expect(addNoise(tone, 20, 2)).not.toEqual(a);
    expect(tone).toEqual(before);
    // a generator the caller owns advances: two calls differ
    const rng = mulberry32(1);
    expect(addNoise(tone, 20, rng)).toEqual(a);
    expect(addNoise(tone, 20, rng)).not.toEqual(a);
  });

  it('the noise is white and Gaussian: mean ≈ 0, kurtosis ≈ 3, neighbours uncorrelated', () => {
    const out = addNoise(new Float32Array(100_000).fill(1), 0, 3);
    const n = out.map((v) => v - 1);
    const m = n.reduce((a, b) => a + b, 0) / n.length;
    const v = power(n) - m * m;
    let k = 0;
    let c = 0;
    for (let i = 0; i < n.length; i++) {
      k += (n[i] - m) ** 4;
      if (i > 0) c += (n[i] - m) * (n[i - 1] - m);
    }
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(k / n.length / (v * v)).toBeCloseTo(3, 1);
    expect(Math.abs(c / n.length / v)).toBeLessThan(0.01);
  });

  it('leaves silence silent and refuses a non-finite SNR', () => {
    expect(addNoise(new Float32Array(10), 10, 1)).toEqual(new Float32Array(10));
    expect(() => addNoise(tone, Number.NaN, 1)).toThrow('addNoise: snrDb must be a finite number, got NaN');
  });
});

describe('applyGain', () => {
  it('scales by 10^(dB/20): +6.02 dB doubles, −20 dB divides by ten', () => {
    expect(applyGain(Float32Array.of(0.25, -0.5), 20 * Math.log10(2))).toEqual(Float32Array.of(0.5, -1));
    const quiet = applyGain(tone, -20);
    expect(quiet[100]).toBeCloseTo(tone[100] / 10, 7);
    expect(() => applyGain(tone, Number.POSITIVE_INFINITY)).toThrow('applyGain: gainDb must be a finite number');
  });
});

describe('mulberry32 and gaussian', () => {
  it('mulberry32 gives the same stream as dataset/genre-model (first values of seed 1 pinned)', () => {
    const r = mulberry32(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('gaussian has unit variance', () => {
    const g = gaussian(mulberry32(5));
    const xs = Array.from({ length: 50_000 }, g);
    expect(power(xs)).toBeCloseTo(1, 1);
  });
});
