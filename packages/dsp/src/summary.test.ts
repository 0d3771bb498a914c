import { summarize } from './summary';

describe('summarize', () => {
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
});
