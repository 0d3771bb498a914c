import { type FeatureFixtureName, fixture, fixturePath, need } from './__fixtures__/librosa';
import { amplitudeToDb, powerToDb } from './db';
import { melSpectrogram } from './mel';
import { loadAudio } from './node/load';
import { spectrogram } from './stft';

describe('dB conversions match librosa', () => {
  it('amplitude_to_db of sine440 |STFT|: whole matrix within 1e-3 dB, max/min exact to 1e-4', async () => {
    const fx = fixture('sine440');
    const { signal } = await loadAudio(fixturePath('sine440.wav'));
    const D = amplitudeToDb(spectrogram(signal));
    const full = need(fx.amplitude_to_db.full, 'amplitude_to_db.full');
    let err = 0;
    full.forEach((row, k) => {
      row.forEach((g, t) => {
        err = Math.max(err, Math.abs(D.data[k * 44 + t] - g));
      });
    });
    expect(err).toBeLessThanOrEqual(1e-3);
    expect(Math.max(...D.data)).toBeCloseTo(fx.amplitude_to_db.max, 4);
    expect(Math.min(...D.data)).toBeCloseTo(fx.amplitude_to_db.min, 4);
    // top_db = 80 is a clamp over the whole matrix
    expect(fx.amplitude_to_db.max - fx.amplitude_to_db.min).toBeCloseTo(80, 4);
  });

  it.each<FeatureFixtureName>(['chirp', 'noise', 'clicks', 'music'])(
    '%s: amplitude_to_db frame 0, power_to_db(mel) frames 0–2',
    async (name) => {
      const fx = fixture(name);
      const { signal } = await loadAudio(fixturePath(`${name}.wav`));
      const D = amplitudeToDb(spectrogram(signal));
      const frames = D.shape[1];
      need(fx.amplitude_to_db.frame0, 'amplitude_to_db.frame0').forEach((g, k) => {
        expect(Math.abs(D.data[k * frames] - g)).toBeLessThanOrEqual(1e-3);
      });
      const P = powerToDb(melSpectrogram(signal));
      expect(Math.max(...P.data)).toBeCloseTo(fx.power_to_db_mel.max, 3);
      expect(Math.min(...P.data)).toBeCloseTo(fx.power_to_db_mel.min, 3);
      fx.power_to_db_mel.first3frames.forEach((col, t) => {
        col.forEach((g, m) => {
          expect(Math.abs(P.data[m * frames + t] - g)).toBeLessThanOrEqual(1e-3);
        });
      });
    },
  );

  it('ref, amin and topDb options', () => {
    const S = { data: Float32Array.from([1, 1e-3, 1e-12, 100]), shape: [1, 4] as [number, number] };
    expect(Array.from(powerToDb(S, { topDb: null }).data)).toEqual([0, -30, -100, 20]);
    expect(Array.from(powerToDb(S).data)).toEqual([0, -30, -60, 20]);
    expect(Array.from(powerToDb(S, { ref: 'max', topDb: null }).data)).toEqual([-20, -50, -120, 0]);
    expect(Array.from(amplitudeToDb(S, { topDb: null }).data)).toEqual([0, -60, -100, 40]);
    expect(() => powerToDb(S, { amin: 0 })).toThrow(/amin/);
  });
});
