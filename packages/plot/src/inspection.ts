import { amplitudeToDb, mfcc, spectrogram, spectrum } from '@audio-dl/dsp';
import { mfccPlot, spectrogramPlot, spectrumPlot, waveformPlot } from './figures';

/** The five §08 figures, in the course's order. */
export const FIGURE_KINDS = ['waveform', 'spectrum', 'spectrogram-linear', 'spectrogram-db', 'mfcc'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export interface AudioFiguresOptions {
  nFft: number;
  hopLength: number;
  nMfcc: number;
  nMels: number;
  /** The mel filters' range in Hz (librosa's fmin, fmax; absent: 0 and sr / 2). */
  fmin?: number;
  fmax?: number;
  /** The title drawn on each figure. */
  titles: Record<FigureKind, string>;
}

/**
 * The five §08 figures of a mono signal as PNGs: waveform, |FFT| spectrum, linear and dB spectrograms (dB relative
 * to the maximum, like the course's `amplitude_to_db(…, ref=np.max)`) and MFCC. dsp computes, this draws.
 */
export function audioFigures(signal: Float32Array, sr: number, o: AudioFiguresOptions): Record<FigureKind, Buffer> {
  const { nFft, hopLength } = o;
  const S = spectrogram(signal, { nFft, hopLength });
  const M = mfcc(signal, { sr, nMfcc: o.nMfcc, nFft, hopLength, nMels: o.nMels, fmin: o.fmin, fmax: o.fmax });
  return {
    waveform: waveformPlot(signal, sr, o.titles.waveform),
    spectrum: spectrumPlot(spectrum(signal, sr), o.titles.spectrum),
    'spectrogram-linear': spectrogramPlot(S, { sr, hopLength, title: o.titles['spectrogram-linear'] }),
    'spectrogram-db': spectrogramPlot(amplitudeToDb(S, { ref: 'max' }), {
      sr,
      hopLength,
      db: true,
      title: o.titles['spectrogram-db'],
    }),
    mfcc: mfccPlot(M, { sr, hopLength, title: o.titles.mfcc }),
  };
}

/** File name → PNG, in §08 order, as `audio-dl inspect` writes them. */
export type Figures = Record<`${FigureKind}.png`, Buffer>;

/** `audioFigures` with the course's settings (n_fft 2048, hop 512, 13 MFCCs over 128 mel bands), named by file. */
export function inspectionFigures(signal: Float32Array, sr: number, name = ''): Figures {
  const suffix = name ? ` — ${name}` : '';
  const figs = audioFigures(signal, sr, {
    nFft: 2048,
    hopLength: 512,
    nMfcc: 13,
    nMels: 128,
    titles: {
      waveform: `Waveform${suffix}`,
      spectrum: `FFT spectrum${suffix}`,
      'spectrogram-linear': `Spectrogram (linear)${suffix}`,
      'spectrogram-db': `Spectrogram (dB)${suffix}`,
      mfcc: `MFCC (13)${suffix}`,
    },
  });
  return Object.fromEntries(FIGURE_KINDS.map((k) => [`${k}.png`, figs[k]])) as Figures;
}
