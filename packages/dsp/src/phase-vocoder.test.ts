import type { ComplexMatrix } from './matrix';
import { phaseVocoder, sinCos } from './phase-vocoder';
import { stft } from './stft';

const tone = Float32Array.from({ length: 8192 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 22050));
const at = (m: ComplexMatrix, k: number, t: number) => [m.re[k * m.shape[1] + t], m.im[k * m.shape[1] + t]];
const abs = (m: ComplexMatrix, k: number, t: number) => Math.hypot(...at(m, k, t));

describe('phaseVocoder (librosa.phase_vocoder)', () => {
  const D = stft(tone, { nFft: 512, hopLength: 128 });

  it('rate 1 gives D back (the accumulated phase is the measured one, modulo 2π, up to float32 rounding)', () => {
    const V = phaseVocoder(D, { rate: 1 });
    expect(V.shape).toEqual(D.shape);
    let err = 0;
    let peak = 0;
    for (let i = 0; i < D.re.length; i++) {
      err = Math.max(err, Math.hypot(V.re[i] - D.re[i], V.im[i] - D.im[i]));
      peak = Math.max(peak, Math.hypot(D.re[i], D.im[i]));
    }
    // the float32 accumulator holds up to ~2.6e4 rad here (ulp 2e-3), as in librosa
    expect(err / peak).toBeLessThan(3e-3);
  });

  it('has ⌈frames / rate⌉ frames whose magnitudes interpolate between the frames around each step', () => {
    const [bins, frames] = D.shape;
    const fast = phaseVocoder(D, { rate: 2 });
    expect(fast.shape).toEqual([bins, Math.ceil(frames / 2)]);
    expect(abs(fast, 23, 5)).toBeCloseTo(abs(D, 23, 10), 4);
    const slow = phaseVocoder(D, { rate: 0.5 });
    expect(slow.shape).toEqual([bins, 2 * frames]);
    expect(abs(slow, 23, 11)).toBeCloseTo((abs(D, 23, 5) + abs(D, 23, 6)) / 2, 4);
    // past the last frame librosa interpolates towards a zero column
    expect(abs(slow, 23, 2 * frames - 1)).toBeCloseTo(abs(D, 23, frames - 1) / 2, 4);
  });

  it("advances a steady tone's phase by its true frequency per output hop, whatever the rate", () => {
    // bin 23 (989 Hz) of a 1000 Hz tone: the phase advance per 128-sample hop is 2π·1000·128/22050 (mod 2π)
    const V = phaseVocoder(D, { rate: 0.7 });
    const [re0, im0] = at(V, 23, 20);
    const [re1, im1] = at(V, 23, 21);
    let d = Math.atan2(im1, re1) - Math.atan2(im0, re0) - (2 * Math.PI * 1000 * 128) / 22050;
    d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
    expect(Math.abs(d)).toBeLessThan(1e-3);
  });

  it('an empty STFT stays empty; a rate that is not a positive number is refused', () => {
    expect(
      phaseVocoder({ re: new Float32Array(0), im: new Float32Array(0), shape: [257, 0] }, { rate: 2 }).shape,
    ).toEqual([257, 0]);
    expect(() => phaseVocoder(D, { rate: 0 })).toThrow();
    expect(() => phaseVocoder(D, { rate: Number.NaN })).toThrow();
  });

  it('sinCos agrees with Math.sin/cos to 1e-9 up to 1e7 rad', () => {
    const out = new Float64Array(2);
    let worst = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = (i % 2 ? -1 : 1) * 10 ** ((i / 20_000) * 7) * (1 + (i % 7) / 10);
      sinCos(x, out);
      worst = Math.max(worst, Math.abs(out[0] - Math.sin(x)), Math.abs(out[1] - Math.cos(x)));
    }
    expect(worst).toBeLessThan(1e-9);
  });
});
