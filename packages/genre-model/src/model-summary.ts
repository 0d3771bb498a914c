import type * as tf from '@tensorflow/tfjs';

// Column content widths of Keras 3's `model.summary()` table (wider content widens a column).
const MIN_WIDTHS = [36, 27, 15] as const;

/** Keras' `readable_memory_size`: 1024-based units, two decimals. */
export function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = bytes;
  for (const unit of units.slice(0, -1)) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} ${units[units.length - 1]}`;
}

const count = (weights: tf.LayerVariable[]): number =>
  weights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
const thousands = (n: number): string => n.toLocaleString('en-US');

function shapeText(shape: tf.Shape | tf.Shape[]): string {
  const one = (s: tf.Shape) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  return Array.isArray(shape[0]) ? (shape as tf.Shape[]).map(one).join(', ') : one(shape as tf.Shape);
}

/** The model summary as Keras 3 prints it: a box table of layers, then total / trainable / non-trainable params. */
export function modelSummary(model: tf.LayersModel): string {
  const rows = model.layers.map((layer) => [
    `${layer.name} (${layer.getClassName()})`,
    shapeText(layer.outputShape),
    thousands(layer.countParams()),
  ]);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = MIN_WIDTHS.map((min, c) => Math.max(min, header[c].length, ...rows.map((r) => r[c].length)));
  const rule = (l: string, fill: string, m: string, r: string) =>
    `${l}${widths.map((w) => fill.repeat(w + 2)).join(m)}${r}`;
  const line = (cells: string[], bar: string) =>
    `${bar}${cells.map((cell, c) => ` ${c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])} `).join(bar)}${bar}`;
  const trainable = count(model.trainableWeights);
  const nonTrainable = count(model.nonTrainableWeights);
  const total = trainable + nonTrainable;
  const params = (label: string, n: number) => ` ${label}: ${thousands(n)} (${readableSize(n * 4)})`;
  return [
    `Model: "${model.name}"`,
    rule('┏', '━', '┳', '┓'),
    line(header, '┃'),
    rule('┡', '━', '╇', '┩'),
    ...rows.flatMap((row, i) => [
      line(row, '│'),
      i < rows.length - 1 ? rule('├', '─', '┼', '┤') : rule('└', '─', '┴', '┘'),
    ]),
    params('Total params', total),
    params('Trainable params', trainable),
    params('Non-trainable params', nonTrainable),
  ].join('\n');
}
