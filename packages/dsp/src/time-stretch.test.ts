import { effectCases, effectInputPath, effectOutput, parity } from './__fixtures__/librosa-effects';
import { loadAudio } from './node/load';
import { timeStretch } from './time-stretch';

const cases = effectCases().filter((c) => c.kind === 'time_stretch');

describe('timeStretch parity with librosa 0.10.2 effects.time_stretch (__fixtures__/librosa-effects)', () => {
  // Reached: music 0.8 / 1.25 → max |Δ| 9.4e-5 / 4.7e-5 (SNR 80 / 86 dB, log-mel ≤ 0.01 dB); sine440 → 1.9e-6 /
  // 1.2e-7. The rest is float32 rounding in librosa's phase accumulator (it holds ~10⁶ rad): numpy's SIMD arctan2
  // differs from a correctly rounded one by an ulp now and then, and those flips propagate. librosa itself, run on
  // the same machine with numpy's AVX-512 kernels switched off, is 6.0e-5 / 3.9e-5 from these fixtures.
  it.each(cases.map((c) => [c.file, c] as const))('%s: same length, max |Δ| ≤ 1.2e-4, SNR ≥ 78 dB', async (_, c) => {
    const { signal } = await loadAudio(effectInputPath(c));
    expect(signal).toHaveLength(c.input_length);
    const out = timeStretch(signal, c.arg);
    expect(out).toHaveLength(c.length);
    const p = parity(out, effectOutput(c));
    expect(p.maxAbs).toBeLessThanOrEqual(1.2e-4);
    expect(p.snrDb).toBeGreaterThanOrEqual(78);
    expect(p.logMelMaxDb).toBeLessThan(0.02);
  });

  it('keeps the pitch: a 440 Hz tone slowed down still peaks at 440 Hz', () => {
    const y = Float32Array.from({ length: 22050 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 22050));
    const out = timeStretch(y, 0.5);
    expect(out).toHaveLength(44100);
    // correlate with 440 Hz and 466 Hz (a semitone up) over the middle second
    const power = (f: number) => {
      let c = 0;
      let s = 0;
      for (let i = 11025; i < 33075; i++) {
        c += out[i] * Math.cos((2 * Math.PI * f * i) / 22050);
        s += out[i] * Math.sin((2 * Math.PI * f * i) / 22050);
      }
      return c * c + s * s;
    };
    expect(power(440)).toBeGreaterThan(1000 * power(466));
  });

  it('length is round(len / rate), halves to even like Python; a bad rate is refused', () => {
    const y = new Float32Array(1001);
    expect(timeStretch(y, 2)).toHaveLength(500); // 500.5 → 500
    expect(timeStretch(new Float32Array(1003), 2)).toHaveLength(502); // 501.5 → 502
    expect(timeStretch(y, 0.75, { nFft: 256 })).toHaveLength(1335);
    expect(() => timeStretch(y, 0)).toThrow('timeStretch: rate must be a positive number, got 0');
    expect(() => timeStretch(y, Number.POSITIVE_INFINITY)).toThrow('rate must be a positive number');
  });
});
