import { inspectionFigures, summarize } from './inspect';

describe('summarize and inspectionFigures', () => {
  it('peak, RMS, rates and length of a decoded signal', () => {
    const signal = Float32Array.from([0.5, -0.75, 0.25, 0]);
    const s = summarize({ signal, sr: 4, originalSr: 8, channels: 2, duration: 1 });
    expect(s).toEqual({
      duration: 1,
      sampleRate: 4,
      originalSampleRate: 8,
      channels: 2,
      samples: 4,
      peak: 0.75,
      rms: Math.sqrt((0.25 + 0.5625 + 0.0625) / 4),
    });
  });

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
