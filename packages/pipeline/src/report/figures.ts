import {
  amplitudeToDb,
  heatmapPlot,
  linePlot,
  mfcc,
  mfccPlot,
  spectrogram,
  spectrogramPlot,
  spectrum,
  spectrumPlot,
  waveformPlot,
} from '@audio-dl/dsp';
import type { History, Metrics } from '@audio-dl/genre-model';
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

/** The §10.4 figure as two plots: accuracy and loss per epoch, training against validation. */
export function curvesFigures(history: History): Figure[] {
  const series = (label: string, y: number[] | undefined) =>
    y && y.length > 0 ? [{ label, x: history.epoch, y }] : [];
  const plot = (what: 'accuracy' | 'loss', title: string): Figure => ({
    file: `history_${what}.png`,
    title,
    png: linePlot({
      title,
      xLabel: 'Epoch',
      yLabel: what === 'accuracy' ? 'Accuracy' : 'Loss',
      series: [
        ...series('train', what === 'accuracy' ? history.accuracy : history.loss),
        ...series('validation', what === 'accuracy' ? history.val_accuracy : history.val_loss),
      ],
      ...(what === 'accuracy' ? { yExtent: [0, 1] as [number, number] } : {}),
    }),
  });
  return [plot('accuracy', 'Accuracy per epoch'), plot('loss', 'Loss per epoch')];
}

/** Confusion matrix of the test split: rows true genre, columns predicted; counts or row fractions in the cells. */
export function confusionFigure(metrics: Metrics, normalize: boolean): Figure {
  const k = metrics.mapping.length;
  const data = new Float32Array(k * k);
  metrics.confusion.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((v, c) => {
      data[r * k + c] = normalize ? (total === 0 ? 0 : Math.round((100 * v) / total) / 100) : v;
    });
  });
  return {
    file: 'confusion_matrix.png',
    title: normalize ? 'Confusion matrix (fraction of each true genre)' : 'Confusion matrix (segments)',
    png: heatmapPlot({
      title: 'Confusion matrix (test split)',
      xLabel: 'Predicted genre',
      yLabel: 'True genre',
      data,
      shape: [k, k],
      xTicks: metrics.mapping,
      yTicks: metrics.mapping,
      origin: 'upper',
      annotate: true,
      colorbarLabel: normalize ? 'Fraction' : 'Segments',
      cmap: 'viridis',
    }),
  };
}
