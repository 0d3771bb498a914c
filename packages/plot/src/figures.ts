import type { Matrix, Spectrum } from '@audio-dl/dsp';
import { heatmapPlot } from './heatmap';
import { linePlot } from './line';

/** §08.2: amplitude against time in seconds. */
export function waveformPlot(signal: Float32Array, sr: number, title = 'Waveform'): Buffer {
  return linePlot({
    title,
    xLabel: 'Time (s)',
    yLabel: 'Amplitude',
    series: [{ y: signal, x0: 0, dx: 1 / sr }],
    xExtent: [0, signal.length / sr],
  });
}

/** §08.3: |FFT| over 0 … sr/2 Hz. */
export function spectrumPlot(s: Spectrum, title = 'FFT spectrum'): Buffer {
  const n = s.frequency.length;
  const top = n > 1 ? s.frequency[n - 1] : 0;
  return linePlot({
    title,
    xLabel: 'Frequency (Hz)',
    yLabel: 'Magnitude',
    series: [{ x: s.frequency, y: s.magnitude }],
    xExtent: [0, top],
  });
}

export interface SpectrogramPlotOptions {
  sr: number;
  hopLength: number;
  /** Values are dB (colour bar "dB") rather than linear magnitude. */
  db?: boolean;
  title?: string;
}

/** §08.4: a [1 + nFft/2, frames] magnitude (or dB) matrix against time (s) and frequency (Hz, 0 … sr/2). */
export function spectrogramPlot(S: Matrix, o: SpectrogramPlotOptions): Buffer {
  return heatmapPlot({
    title: o.title ?? (o.db ? 'Spectrogram (dB)' : 'Spectrogram (linear magnitude)'),
    xLabel: 'Time (s)',
    yLabel: 'Frequency (Hz)',
    data: S.data,
    shape: S.shape,
    xExtent: [0, (S.shape[1] * o.hopLength) / o.sr],
    yExtent: [0, o.sr / 2],
    colorbarLabel: o.db ? 'dB' : 'Magnitude',
    cmap: 'magma',
  });
}

/** §08.5: MFCC [nMfcc, frames], coefficient 0 at the bottom, against time (s). */
export function mfccPlot(M: Matrix, o: { sr: number; hopLength: number; title?: string }): Buffer {
  return heatmapPlot({
    title: o.title ?? 'MFCC',
    xLabel: 'Time (s)',
    yLabel: 'MFCC coefficient',
    data: M.data,
    shape: M.shape,
    xExtent: [0, (M.shape[1] * o.hopLength) / o.sr],
    yTicks: Array.from({ length: M.shape[0] }, (_, i) => String(i)),
    origin: 'lower',
    colorbarLabel: 'Coefficient value',
    cmap: 'viridis',
  });
}
