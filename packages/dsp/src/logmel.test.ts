import { type FeatureFixtureName, fixture, fixturePath } from './__fixtures__/librosa';
import { createLogMelExtractor, logMel } from './logmel';
import { loadAudio } from './node/load';

const inputs: FeatureFixtureName[] = ['sine440', 'chirp', 'noise', 'clicks', 'music'];

describe('logMel parity with librosa 0.10.2 power_to_db(melspectrogram) (n_fft 2048, hop 512, 128 mels)', () => {
  it.each(inputs)('%s: shape, first three frames and extremes within 1e-3 dB', async (name) => {
    const fx = fixture(name);
    const { signal } = await loadAudio(fixturePath(`${name}.wav`));
    const m = logMel(signal, { nMels: 128 });
    expect(m.shape).toEqual(fx.melspectrogram.shape);
    const frames = m.shape[1];
    let worst = 0;
    fx.power_to_db_mel.first3frames.forEach((frame, t) => {
      frame.forEach((golden, b) => {
        worst = Math.max(worst, Math.abs(m.data[b * frames + t] - golden));
      });
    });
    expect(worst).toBeLessThanOrEqual(1e-3);
    expect(Math.max(...m.data)).toBeCloseTo(fx.power_to_db_mel.max, 3);
    expect(Math.min(...m.data)).toBeCloseTo(fx.power_to_db_mel.min, 3);
  });

  it('64 bands by default, one column per centred frame', () => {
    const m = createLogMelExtractor()(new Float32Array(66150).fill(0.1));
    expect(m.shape).toEqual([64, 130]);
  });

  it('clamps to top_db below the clip maximum', () => {
    const y = new Float32Array(22050);
    y[11025] = 1; // one click in silence: most frames sit at the floor
    const m = logMel(y, { nMels: 32, topDb: 40 });
    const max = Math.max(...m.data);
    expect(Math.min(...m.data)).toBeCloseTo(max - 40, 5);
  });

  it('refuses unknown options', () => {
    expect(() => createLogMelExtractor({ nMel: 64 } as never)).toThrow(/nMel/);
  });
});
