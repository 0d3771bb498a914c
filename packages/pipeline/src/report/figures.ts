import type { History, Metrics } from '@audio-dl/genre-model';
import type { Figure } from './html';

// Placeholders until @audio-dl/dsp exports its plot functions (linePlot, heatmapPlot, the five §08 figures).
const missing = (what: string): never => {
  throw new Error(`${what}: @audio-dl/dsp does not export its plot functions yet`);
};

export function trackFigures(_signal: Float32Array, _sr: number, _genre: string, _track: string): Figure[] {
  return missing('the §08 figures');
}

export function curvesFigure(_history: History): Figure {
  return missing('the training curves');
}

export function confusionFigure(_metrics: Metrics, _normalize: boolean): Figure {
  return missing('the confusion matrix');
}
