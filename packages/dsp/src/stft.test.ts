import { type FeatureFixtureName, fixture, fixturePath, need } from './__fixtures__/librosa';
import { loadAudio } from './node/load';
import { frameCount, magnitude, resolveFraming, spectrogram, stft } from './stft';

const inputs: FeatureFixtureName[] = ['sine440', 'chirp', 'noise', 'clicks', 'music', 'stereo44k'];

/** Max over frames of max_k |S[k,t] − G[k,t]| / max_k G[k,t]. */
function relToFrameMax(S: Float32Array, frames: number, t: number, golden: number[]): number {
  let peak = 0;
  let err = 0;
  for (let k = 0; k < golden.length; k++) {
    peak = Math.max(peak, golden[k]);
    err = Math.max(err, Math.abs(S[k * frames + t] - golden[k]));
  }
  return peak === 0 ? err : err / peak;
}

describe('stft parity with librosa (n_fft 2048, hop 512, periodic Hann, centred, zero padding)', () => {
  it('sine440: the whole magnitude matrix within 1e-5 of each frame maximum', async () => {
    const fx = fixture('sine440');
    const { signal } = await loadAudio(fixturePath('sine440.wav'));
    const S = magnitude(stft(signal, { nFft: 2048, hopLength: 512 }));
    expect(S.shape).toEqual([1025, 44]);
    const full = need(fx.stft_mag.full, 'stft_mag.full');
    for (let t = 0; t < 44; t++) {
      expect(
        relToFrameMax(
          S.data,
          44,
          t,
          full.map((row) => row[t]),
        ),
      ).toBeLessThanOrEqual(1e-5);
    }
  });

  it.each(inputs)('%s: frames 0 and 5 within 1e-5 of the frame maximum, column sums within 1e-5', async (name) => {
    const fx = fixture(name);
    const { signal } = await loadAudio(fixturePath(`${name}.wav`));
    // stereo44k goes through a different resampler than librosa's soxr, so its spectra differ more (see README).
    const tol = name === 'stereo44k' ? 5e-4 : 1e-5;
    const S = spectrogram(signal, { nFft: 2048, hopLength: 512 });
    expect(S.shape).toEqual(fx.stft_mag.shape);
    const frames = S.shape[1];
    // sine440 carries the whole matrix instead of frames 0 and 5 (tested above).
    if (name !== 'sine440') {
      expect(relToFrameMax(S.data, frames, 0, need(fx.stft_mag.frame0, 'stft_mag.frame0'))).toBeLessThanOrEqual(tol);
      expect(relToFrameMax(S.data, frames, 5, need(fx.stft_mag.frame5, 'stft_mag.frame5'))).toBeLessThanOrEqual(tol);
    }
    fx.stft_mag.col_sums.forEach((g, t) => {
      let s = 0;
      for (let k = 0; k < S.shape[0]; k++) s += S.data[k * frames + t];
      expect(Math.abs(s - g)).toBeLessThanOrEqual(tol * Math.max(1, g));
    });
  });

  it('frame count is 1 + ⌊len/hop⌋ centred, 1 + ⌊(len − nFft)/hop⌋ otherwise', () => {
    expect(frameCount(66150, { nFft: 2048, hopLength: 512, center: true })).toBe(130);
    expect(frameCount(66150, { nFft: 2048, hopLength: 512, center: false })).toBe(126);
    expect(() => frameCount(100, { nFft: 2048, hopLength: 512, center: false })).toThrow(/shorter than nFft/);
  });

  it('default hop is nFft/4; a short window is centred in nFft; reflect padding mirrors the edge', () => {
    const f = resolveFraming({ nFft: 8, winLength: 4 });
    expect(f.hopLength).toBe(2);
    [0, 0, 0, 0.5, 1, 0.5, 0, 0].forEach((w, i) => {
      expect(f.window[i]).toBeCloseTo(w, 12);
    });
    const y = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const zero = spectrogram(y, { nFft: 4, hopLength: 4, window: 'ones' });
    const refl = spectrogram(y, { nFft: 4, hopLength: 4, window: 'ones', padMode: 'reflect' });
    // frame 0 covers y[−2…1]: zeros + 1 + 2 = 3 (DC), or reflected 3 + 2 + 1 + 2 = 8
    expect(zero.data[0]).toBeCloseTo(3, 6);
    expect(refl.data[0]).toBeCloseTo(8, 6);
  });
});
