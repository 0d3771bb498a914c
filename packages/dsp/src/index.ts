// Public API of @audio-dl/dsp: decoding like librosa.load, librosa-exact features, and the §08 plots.
// Everything portable (no Node built-in, no native addon) comes from portable.ts, also published on its own as
// `@audio-dl/dsp/portable` for browsers; what follows it here reads files or draws with the native canvas.

export { type AudioSummary, type Figures, inspectionFigures, summarize } from './inspect';
export { loadAudio } from './load';
export {
  mfccPlot,
  type SpectrogramPlotOptions,
  spectrogramPlot,
  spectrumPlot,
  waveformPlot,
} from './plot/figures';
export { type HeatmapPlotOptions, heatmapPlot } from './plot/heatmap';
export { type LinePlotOptions, type LineSeries, linePlot } from './plot/line';
export * from './portable';
export { type FileSource, openFileSource } from './stream/file-source';
