import { heatmapPlot, linePlot } from '@audio-dl/dsp';
import type { History } from '@audio-dl/trainer';
import { PNG } from 'pngjs';
import type { Metrics } from './metrics';

export const HISTORY_PNG = 'history.png';
export const CONFUSION_PNG = 'confusion.png';

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
export function historyPlot(history: History, title = 'Training history'): Buffer {
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

/** The confusion matrix as an annotated heatmap: rows true genre, columns predicted genre. */
export function confusionPlot(metrics: Metrics, title = 'Confusion matrix (test split)'): Buffer {
  const k = metrics.mapping.length;
  const size = Math.max(500, 60 * k + 200);
  return heatmapPlot({
    title,
    xLabel: 'predicted genre',
    yLabel: 'true genre',
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
