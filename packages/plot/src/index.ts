// Public API of @audio-dl/plot: PNG figures drawn on the native canvas (Node only). @audio-dl/dsp computes what is
// drawn (spectra, MFCC, colour maps); this package draws it, as librosa keeps matplotlib to `display.py`.

export { mfccPlot, type SpectrogramPlotOptions, spectrogramPlot, spectrumPlot, waveformPlot } from './figures';
export { type HeatmapPlotOptions, heatmapPlot } from './heatmap';
export {
  type AudioFiguresOptions,
  audioFigures,
  FIGURE_KINDS,
  type FigureKind,
  type Figures,
  inspectionFigures,
} from './inspection';
export { type LinePlotOptions, type LineSeries, linePlot } from './line';
export { type Confusion, confusionPlot, historyPlot, type TrainingCurves } from './training';
