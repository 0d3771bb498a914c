import type { DecodedAudio } from './audio';
import { amplitudeToDb } from './db';
import { createMfccExtractor } from './mfcc';
import { mfccPlot, spectrogramPlot, spectrumPlot, waveformPlot } from './plot/figures';
import { spectrum } from './spectrum';
import { spectrogram } from './stft';

export interface AudioSummary {
  duration: number;
  sampleRate: number;
  originalSampleRate: number;
  channels: number;
  samples: number;
  peak: number;
  rms: number;
}

/** Peak |x| and RMS of a signal with its rates and length. */
export function summarize(a: DecodedAudio): AudioSummary {
  let peak = 0;
  let sq = 0;
  const y = a.signal;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    const m = v < 0 ? -v : v;
    if (m > peak) peak = m;
    sq += v * v;
  }
  return {
    duration: a.duration,
    sampleRate: a.sr,
    originalSampleRate: a.originalSr,
    channels: a.channels,
    samples: y.length,
    peak,
    rms: y.length > 0 ? Math.sqrt(sq / y.length) : 0,
  };
}

/** File name → PNG, in §08 order. */
export type Figures = Record<
  'waveform.png' | 'spectrum.png' | 'spectrogram-linear.png' | 'spectrogram-db.png' | 'mfcc.png',
  Buffer
>;

/**
 * The five §08 figures of a mono signal: waveform, |FFT| spectrum, linear and dB spectrograms
 * (n_fft 2048, hop 512; dB relative to the maximum, like the course's `amplitude_to_db(…, ref=np.max)`) and MFCC.
 */
export function inspectionFigures(signal: Float32Array, sr: number, name = ''): Figures {
  const hopLength = 512;
  const suffix = name ? ` — ${name}` : '';
  const S = spectrogram(signal, { nFft: 2048, hopLength });
  const M = createMfccExtractor({ sr, nFft: 2048, hopLength })(signal);
  return {
    'waveform.png': waveformPlot(signal, sr, `Waveform${suffix}`),
    'spectrum.png': spectrumPlot(spectrum(signal, sr), `FFT spectrum${suffix}`),
    'spectrogram-linear.png': spectrogramPlot(S, { sr, hopLength, title: `Spectrogram (linear)${suffix}` }),
    'spectrogram-db.png': spectrogramPlot(amplitudeToDb(S, { ref: 'max' }), {
      sr,
      hopLength,
      db: true,
      title: `Spectrogram (dB)${suffix}`,
    }),
    'mfcc.png': mfccPlot(M, { sr, hopLength, title: `MFCC (13)${suffix}` }),
  };
}
