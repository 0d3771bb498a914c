import type { Metrics } from '@audio-dl/genre-model';
import { heatmapPlot, linePlot } from '@audio-dl/plot';
import type { History } from '@audio-dl/trainer';

/** A PNG the evaluate stage writes; the report inlines it. */
export interface PngFile {
  file: string;
  title: string;
  png: Buffer;
}

/** The §10.4 figure as two plots: accuracy and loss per epoch, training against validation. */
export function curvesFigures(history: History): PngFile[] {
  const series = (label: string, y: number[] | undefined) =>
    y && y.length > 0 ? [{ label, x: history.epoch, y }] : [];
  const plot = (what: 'accuracy' | 'loss', title: string): PngFile => ({
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

/** Confusion matrix of the test split: rows true class, columns predicted; counts or row fractions in the cells. */
export function confusionFigure(metrics: Metrics, normalize: boolean): PngFile {
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
    title: normalize ? 'Confusion matrix (fraction of each true class)' : 'Confusion matrix (segments)',
    png: heatmapPlot({
      title: 'Confusion matrix (test split)',
      xLabel: 'Predicted class',
      yLabel: 'True class',
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
