import { PNG } from 'pngjs';
import { heatmapPlot } from './heatmap';
import { linePlot } from './line';

/** Per-epoch curves as a training history records them (genre-model's `History` is one). */
export interface TrainingCurves {
  epoch: number[];
  loss: number[];
  accuracy?: number[];
  val_loss?: number[];
  val_accuracy?: number[];
}

/** Counts of segments, rows true class and columns predicted, with the class names (genre-model's `Metrics`). */
export interface Confusion {
  mapping: string[];
  confusion: number[][];
}

/** Stacks PNG images top to bottom on a white page (the two panels of a Keras-course figure). */
function stack(images: Buffer[]): Buffer {
  const decoded = images.map((b) => PNG.sync.read(b));
  const width = Math.max(...decoded.map((p) => p.width));
  const out = new PNG({ width, height: decoded.reduce((h, p) => h + p.height, 0) });
  out.data.fill(255);
  let y = 0;
  for (const p of decoded) {
    PNG.bitblt(p, out, 0, 0, p.width, p.height, 0, y);
    y += p.height;
  }
  return PNG.sync.write(out);
}

/** The §10.4 figure: accuracy (top) and loss (bottom), train vs validation, per epoch. */
export function historyPlot(history: TrainingCurves, title = 'Training history'): Buffer {
  const panel = (metric: 'accuracy' | 'loss', label: string) => {
    const train = history[metric];
    const val = history[`val_${metric}`];
    const series = [
      ...(train ? [{ label: `train ${metric}`, x: history.epoch, y: train }] : []),
      ...(val ? [{ label: `validation ${metric}`, x: history.epoch, y: val }] : []),
    ];
    return linePlot({ title: `${title}: ${label}`, xLabel: 'epoch', yLabel: label, series, height: 360 });
  };
  const panels = history.accuracy ? [panel('accuracy', 'accuracy'), panel('loss', 'loss')] : [panel('loss', 'loss')];
  return panels.length === 1 ? panels[0] : stack(panels);
}

/** The confusion matrix as an annotated heatmap: rows true class, columns predicted class. */
export function confusionPlot(metrics: Confusion, title = 'Confusion matrix (test split)'): Buffer {
  const k = metrics.mapping.length;
  const size = Math.max(500, 60 * k + 200);
  return heatmapPlot({
    title,
    xLabel: 'predicted class',
    yLabel: 'true class',
    data: Float32Array.from(metrics.confusion.flat()),
    shape: [k, k],
    xTicks: metrics.mapping,
    yTicks: metrics.mapping,
    origin: 'upper',
    colorbarLabel: 'segments',
    annotate: true,
    cmap: 'viridis',
    vmin: 0,
    width: size + 150,
    height: size,
  });
}
