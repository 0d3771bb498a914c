import { type FeatureFixtureName, fixture, fixturePath, maxAbsDiff, segmentsFixture } from './__fixtures__/librosa';
import { track30File } from './__fixtures__/track30';
import { powerToDb } from './db';
import { dctMatrix } from './dct';
import { melSpectrogram } from './mel';
import { createMfccExtractor, mfcc, mfccOptionsSchema } from './mfcc';
import { loadAudio } from './node/load';

const inputs: FeatureFixtureName[] = ['sine440', 'chirp', 'noise', 'clicks', 'music'];

describe('mfcc parity with librosa 0.10.2 (n_mfcc 13, n_fft 2048, hop 512, 128 mels)', () => {
  it.each(inputs)('%s: shape and max |Δ| ≤ 1e-3', async (name) => {
    const fx = fixture(name);
    const { signal } = await loadAudio(fixturePath(`${name}.wav`));
    const m = mfcc(signal);
    expect(m.shape).toEqual(fx.mfcc.shape);
    expect(maxAbsDiff(m.data, m.shape[1], fx.mfcc.data)).toBeLessThanOrEqual(1e-3);
  });

  it.each([0, 9])('track30 segment %i (66150 samples → 13 × 130)', async (s) => {
    const fx = segmentsFixture();
    const { signal } = await loadAudio(track30File());
    expect(signal.length).toBe(661500);
    const seg = s === 0 ? fx.segment0 : fx.segment9;
    const extract = createMfccExtractor({ sr: 22050, nMfcc: 13, nFft: 2048, hopLength: 512, nMels: 128 });
    const m = extract(signal.subarray(66150 * s, 66150 * (s + 1)));
    expect(m.shape).toEqual([13, 130]);
    expect(maxAbsDiff(m.data, 130, seg.mfcc)).toBeLessThanOrEqual(1e-3);
  });

  it('frame 0 and per-coefficient means of all ten segments match', async () => {
    const fx = segmentsFixture();
    const { signal } = await loadAudio(track30File());
    const extract = createMfccExtractor();
    for (const seg of fx.segments) {
      const m = extract(signal.subarray(seg.start, seg.finish));
      for (let k = 0; k < 13; k++) {
        let mean = 0;
        for (let t = 0; t < 130; t++) mean += m.data[k * 130 + t];
        expect(Math.abs(mean / 130 - seg.mfcc_mean_over_frames[k])).toBeLessThanOrEqual(1e-3);
        expect(Math.abs(m.data[k * 130] - seg.mfcc_frame0[k])).toBeLessThanOrEqual(1e-3);
      }
    }
  });

  it('an extractor reused on different lengths gives the same result as a fresh call', () => {
    const extract = createMfccExtractor();
    const long = new Float32Array(30000).map((_, i) => Math.sin(i / 7));
    const short = long.subarray(0, 5000);
    extract(long);
    const again = extract(short);
    expect(again.shape).toEqual([13, 10]);
    expect(Array.from(again.data)).toEqual(Array.from(mfcc(short).data));
  });

  it.each([40, 127, 128])('equals DCT-II(ortho) of powerToDb(melSpectrogram) for nMels %i, nMfcc 20', (nMels) => {
    const y = Float32Array.from(
      { length: 20000 },
      (_, i) => Math.sin(i / 5) * Math.exp(-i / 8000) + 0.01 * Math.sin(i * 1.3),
    );
    const m = createMfccExtractor({ nMels, nMfcc: 20 })(y);
    const P = powerToDb(melSpectrogram(y, { nMels }));
    const D = dctMatrix(20, nMels);
    const frames = P.shape[1];
    expect(m.shape).toEqual([20, frames]);
    let err = 0;
    for (let t = 0; t < frames; t++) {
      for (let k = 0; k < 20; k++) {
        let a = 0;
        for (let i = 0; i < nMels; i++) a += D[k * nMels + i] * P.data[i * frames + t];
        err = Math.max(err, Math.abs(a - m.data[k * frames + t]));
      }
    }
    expect(err).toBeLessThan(2e-4);
  });

  it("norm: null is scipy's unnormalised DCT-II: each coefficient scaled by 2/s_k (s_0 = √(1/n), s_k = √(2/n))", () => {
    const y = Float32Array.from({ length: 12000 }, (_, i) => Math.sin(i / 9) + 0.2 * Math.sin(i * 1.7));
    const ortho = mfcc(y);
    const plain = mfcc(y, { norm: null, dctType: 2 });
    expect(plain.shape).toEqual(ortho.shape);
    const frames = ortho.shape[1];
    let worst = 0;
    for (let k = 0; k < 13; k++) {
      const scale = k === 0 ? 2 * Math.sqrt(128) : 2 / Math.sqrt(2 / 128);
      for (let t = 0; t < frames; t++) {
        const want = ortho.data[k * frames + t] * scale;
        worst = Math.max(worst, Math.abs(plain.data[k * frames + t] - want) / Math.max(1, Math.abs(want)));
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('refuses DCT types it does not implement and misspelt options instead of ignoring them', () => {
    expect(mfccOptionsSchema.safeParse({ dctType: 3 }).error?.issues[0].message).toMatch(
      /only DCT type 2 is implemented/,
    );
    const typo = mfccOptionsSchema.safeParse({ n_mfcc: 20 });
    expect(typo.success).toBe(false);
    expect(typo.error?.issues[0].message).toMatch(/Unrecognized key: "n_mfcc"/);
    expect(mfccOptionsSchema.safeParse({ norm: 'slaney' }).error?.issues[0].message).toBe(
      "norm must be 'ortho' or null",
    );
  });

  it('rejects nMfcc above nMels', () => {
    expect(() => createMfccExtractor({ nMfcc: 40, nMels: 20 })).toThrow(/nMfcc 40 exceeds nMels 20/);
  });
});
