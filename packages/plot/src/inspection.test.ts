import { inspectionFigures } from './inspection';

describe('inspectionFigures', () => {
  it('returns the five §08 figures as PNGs, named as `audio-dl inspect` writes them', () => {
    const sr = 22050;
    const y = Float32Array.from({ length: sr / 2 }, (_, n) => 0.5 * Math.sin((2 * Math.PI * 440 * n) / sr));
    const figs = inspectionFigures(y, sr, 'sine.wav');
    expect(Object.keys(figs)).toEqual([
      'waveform.png',
      'spectrum.png',
      'spectrogram-linear.png',
      'spectrogram-db.png',
      'mfcc.png',
    ]);
    for (const png of Object.values(figs)) expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
