import {
  amplitudeToDb,
  mfcc,
  mfccPlot,
  spectrogram,
  spectrogramPlot,
  spectrum,
  spectrumPlot,
  waveformPlot,
} from '@audio-dl/dsp';
import type { Figure } from './html';

/** File-name-safe slug of a genre or track name. */
const slug = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export interface FigureParams {
  nFft: number;
  hopLength: number;
  nMfcc: number;
  nMels: number;
}

/** The five §08 figures of one track: waveform, FFT spectrum, linear and dB spectrograms, MFCC. */
export function trackFigures(
  signal: Float32Array,
  sr: number,
  genre: string,
  track: string,
  p: FigureParams,
): Figure[] {
  const base = slug(
    track
      .replace(/\.[^.]+$/, '')
      .split('/')
      .pop() ?? genre,
  );
  const name = track.split('/').pop() ?? track;
  const S = spectrogram(signal, { nFft: p.nFft, hopLength: p.hopLength });
  const M = mfcc(signal, { sr, nMfcc: p.nMfcc, nFft: p.nFft, hopLength: p.hopLength, nMels: p.nMels });
  return [
    {
      file: `${base}_waveform.png`,
      title: `${name}: waveform (§08.2)`,
      png: waveformPlot(signal, sr, `${name}: waveform`),
    },
    {
      file: `${base}_fft.png`,
      title: `${name}: FFT spectrum (§08.3)`,
      png: spectrumPlot(spectrum(signal, sr), `${name}: FFT spectrum`),
    },
    {
      file: `${base}_linear_spectrogram.png`,
      title: `${name}: linear spectrogram (§08.4)`,
      png: spectrogramPlot(S, { sr, hopLength: p.hopLength, title: `${name}: spectrogram (linear)` }),
    },
    {
      file: `${base}_spectrogram.png`,
      title: `${name}: log spectrogram, dB (§08.4)`,
      png: spectrogramPlot(amplitudeToDb(S, { ref: 'max' }), {
        sr,
        hopLength: p.hopLength,
        db: true,
        title: `${name}: spectrogram (dB)`,
      }),
    },
    {
      file: `${base}_mfcc.png`,
      title: `${name}: MFCCs (§08.5)`,
      png: mfccPlot(M, { sr, hopLength: p.hopLength, title: `${name}: MFCC` }),
    },
  ];
}
