import { audioFigures } from '@audio-dl/plot';
import type { Figure } from './html';

/** File-name-safe slug of a genre or track name. */
const slug = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export interface FigureParams {
  nFft: number;
  hopLength: number;
  nMfcc: number;
  nMels: number;
  fmin?: number;
  fmax?: number;
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
  const png = audioFigures(signal, sr, {
    ...p,
    titles: {
      waveform: `${name}: waveform`,
      spectrum: `${name}: FFT spectrum`,
      'spectrogram-linear': `${name}: spectrogram (linear)`,
      'spectrogram-db': `${name}: spectrogram (dB)`,
      mfcc: `${name}: MFCC`,
    },
  });
  return [
    {
      file: `${base}_waveform.png`,
      title: `${name}: waveform (§08.2)`,
      png: png.waveform,
    },
    {
      file: `${base}_fft.png`,
      title: `${name}: FFT spectrum (§08.3)`,
      png: png.spectrum,
    },
    {
      file: `${base}_linear_spectrogram.png`,
      title: `${name}: linear spectrogram (§08.4)`,
      png: png['spectrogram-linear'],
    },
    {
      file: `${base}_spectrogram.png`,
      title: `${name}: log spectrogram, dB (§08.4)`,
      png: png['spectrogram-db'],
    },
    {
      file: `${base}_mfcc.png`,
      title: `${name}: MFCCs (§08.5)`,
      png: png.mfcc,
    },
  ];
}
