import { type FeatureFixtureName, fixture, fixturePath, need } from './__fixtures__/librosa';
import {
  applyMel,
  applyMelSegments,
  hzToMel,
  type MelOptions,
  melFilterBank,
  melFrequencies,
  melSegments,
  melSpectrogram,
  melToHz,
  sparseMelFilterBank,
} from './mel';
import { loadAudio } from './node/load';

describe('mel filter bank = librosa.filters.mel(sr=22050, n_fft=2048, n_mels=128) (Slaney scale and norm)', () => {
  const fx = need(fixture('chirp').mel_filterbank, 'mel_filterbank');
  const bank = melFilterBank({ sr: 22050, nFft: 2048, nMels: 128 });

  it('shape, band edges and row sums', () => {
    expect(bank.shape).toEqual(fx.shape);
    const edges = melFrequencies(130, 0, 11025);
    fx.mel_frequencies_hz.forEach((g, i) => {
      expect(Math.abs(edges[i] - g)).toBeLessThanOrEqual(1e-6 * Math.max(1, g));
    });
    fx.row_sums.forEach((g, m) => {
      let s = 0;
      for (let k = 0; k < 1025; k++) s += bank.data[m * 1025 + k];
      expect(Math.abs(s - g)).toBeLessThanOrEqual(1e-6);
    });
  });

  it.each([
    [0, fx.row0_nonzero],
    [10, fx.row10_nonzero],
    [127, fx.row127_nonzero],
  ])('row %i: same non-zero bins, values within 1e-6', (m, g) => {
    const nz: number[] = [];
    for (let k = 0; k < 1025; k++) if (bank.data[m * 1025 + k] !== 0) nz.push(k);
    expect(nz).toEqual(g.indices);
    g.indices.forEach((k, j) => {
      expect(Math.abs(bank.data[m * 1025 + k] - g.values[j])).toBeLessThanOrEqual(1e-6);
    });
  });

  it('sparse form: every FFT bin feeds at most two filters', () => {
    const s = sparseMelFilterBank({ sr: 22050, nFft: 2048, nMels: 128 });
    const uses = new Int32Array(s.bins);
    for (let m = 0; m < s.nMels; m++) for (let j = 0; j < s.length[m]; j++) uses[s.start[m] + j]++;
    expect(Math.max(...uses)).toBeLessThanOrEqual(2);
    expect(s.weights.length).toBeLessThan(2 * s.bins);
  });

  it('Slaney and HTK scales round-trip; HTK 1000 Hz ≈ 1000 mel', () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(500)).toBeCloseTo(7.5, 12);
    expect(melToHz(hzToMel(4321))).toBeCloseTo(4321, 9);
    expect(hzToMel(1000, true)).toBeCloseTo(999.9855, 3);
    expect(melToHz(hzToMel(4321, true), true)).toBeCloseTo(4321, 9);
    const htk = melFilterBank({ sr: 16000, nFft: 512, nMels: 40, htk: true, norm: 'none' });
    expect(htk.shape).toEqual([40, 257]);
    expect(Math.max(...htk.data)).toBeLessThanOrEqual(1);
  });
});

describe('melSpectrogram parity (power 2)', () => {
  it.each<FeatureFixtureName>(['sine440', 'chirp', 'noise', 'clicks', 'music'])(
    '%s: first three frames and column sums',
    async (name) => {
      const fx = fixture(name);
      const { signal } = await loadAudio(fixturePath(`${name}.wav`));
      const M = melSpectrogram(signal, { sr: 22050, nFft: 2048, hopLength: 512, nMels: 128 });
      expect(M.shape).toEqual(fx.melspectrogram.shape);
      const frames = M.shape[1];
      fx.melspectrogram.first3frames.forEach((col, t) => {
        const peak = Math.max(...col);
        col.forEach((g, m) => {
          expect(Math.abs(M.data[m * frames + t] - g)).toBeLessThanOrEqual(1e-5 * peak + 1e-12);
        });
      });
      fx.melspectrogram.col_sums.forEach((g, t) => {
        let s = 0;
        for (let m = 0; m < 128; m++) s += M.data[m * frames + t];
        expect(Math.abs(s - g)).toBeLessThanOrEqual(1e-5 * Math.max(1, g));
      });
    },
  );
});

describe('applyMelSegments (filters regrouped by FFT bin for the MFCC loop)', () => {
  const cases: MelOptions[] = [
    { sr: 22050, nFft: 2048, nMels: 128 },
    { sr: 22050, nFft: 512, nMels: 256 }, // narrower filters than bins: some filters are empty
    { sr: 16000, nFft: 1024, nMels: 40, fmin: 300, fmax: 6000, htk: true },
    { sr: 22050, nFft: 2048, nMels: 64, norm: 'none' },
  ];
  it.each(cases)('is bit-identical to applyMel for %o', (opts) => {
    const bank = sparseMelFilterBank(opts);
    const segments = melSegments(bank);
    const power = Float64Array.from({ length: bank.bins }, (_, k) => (1 + Math.sin(k * 0.37)) * 10 ** ((k % 13) - 6));
    const a = new Float64Array(bank.nMels);
    const b = new Float64Array(bank.nMels).fill(Number.NaN);
    applyMel(bank, power, a);
    applyMelSegments(segments, power, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.some((v) => v > 0)).toBe(true);
  });
});
