import { z } from 'zod';

export const genreScoreSchema = z.object({
  genre: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int(),
});

export const metricsSchema = z.object({
  /** Mean cross-entropy of the true genre per segment (without the L2 penalty Keras adds to its training loss). */
  loss: z.number(),
  accuracy: z.number(),
  /** Accuracy per track: the argmax of the mean of its segments' probabilities (null when tracks are unnamed). */
  trackAccuracy: z.number().nullable(),
  segments: z.number().int(),
  tracks: z.number().int().nullable(),
  perGenre: z.array(genreScoreSchema),
  /** Mean F1 over the genres in the truth or the predictions (sklearn's macro average); absent in older files. */
  macroF1: z.number().optional(),
  /** Mean recall over the genres in the truth (sklearn's balanced accuracy). */
  balancedAccuracy: z.number().optional(),
  /** Macro-F1 of the per-track predictions (null when tracks are unnamed). */
  trackMacroF1: z.number().nullable().optional(),
  /** Rows: true genre, columns: predicted genre, in `mapping` order. */
  confusion: z.array(z.array(z.number().int())),
  mapping: z.array(z.string()),
});
export type Metrics = z.infer<typeof metricsSchema>;

const argmax = (p: Float32Array | Float64Array, offset: number, k: number): number => {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[offset + c] > p[offset + best]) best = c;
  return best;
};

/**
 * Scores class probabilities `probs` [m, k] of m segments against their `labels`; `tracks[i]` names the
 * track of segment i, for the per-track accuracy ('' = unknown: no track accuracy).
 */
export function computeMetrics(
  probs: Float32Array,
  labels: ArrayLike<number>,
  tracks: readonly string[],
  mapping: readonly string[],
): Metrics {
  const m = labels.length;
  const k = mapping.length;
  if (probs.length !== m * k)
    throw new Error(`computeMetrics: ${probs.length} probabilities for ${m} segments × ${k} classes`);
  const confusion = mapping.map(() => new Array<number>(k).fill(0));
  let nll = 0;
  let correct = 0;
  const trackSums = new Map<string, { sum: Float64Array; label: number }>();
  for (let i = 0; i < m; i++) {
    const label = labels[i];
    const predicted = argmax(probs, i * k, k);
    confusion[label][predicted]++;
    if (predicted === label) correct++;
    nll -= Math.log(Math.min(1, Math.max(1e-7, probs[i * k + label])));
    let entry = trackSums.get(tracks[i]);
    if (!entry) {
      entry = { sum: new Float64Array(k), label };
      trackSums.set(tracks[i], entry);
    }
    for (let c = 0; c < k; c++) entry.sum[c] += probs[i * k + c];
  }
  let tracksCorrect = 0;
  const trackConfusion = mapping.map(() => new Array<number>(k).fill(0));
  for (const { sum, label } of trackSums.values()) {
    const predicted = argmax(sum, 0, k);
    trackConfusion[label][predicted]++;
    if (predicted === label) tracksCorrect++;
  }
  const perGenre = classScores(confusion, mapping);
  const named = tracks.every((t) => t !== '');
  return {
    loss: m === 0 ? Number.NaN : nll / m,
    accuracy: m === 0 ? Number.NaN : correct / m,
    trackAccuracy: !named || trackSums.size === 0 ? null : tracksCorrect / trackSums.size,
    segments: m,
    tracks: named ? trackSums.size : null,
    perGenre,
    ...macroScores(perGenre, confusion),
    trackMacroF1:
      !named || trackSums.size === 0 ? null : macroScores(classScores(trackConfusion, mapping), trackConfusion).macroF1,
    confusion,
    mapping: [...mapping],
  };
}

/** Precision, recall and F1 of each class from a confusion matrix (rows: truth). */
function classScores(confusion: number[][], mapping: readonly string[]): Metrics['perGenre'] {
  return mapping.map((genre, g) => {
    const tp = confusion[g][g];
    const support = confusion[g].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[g], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { genre, precision, recall, f1, support };
  });
}

/** Macro-F1 over the classes in the truth or the predictions, balanced accuracy over those in the truth (sklearn). */
function macroScores(
  scores: Metrics['perGenre'],
  confusion: number[][],
): { macroF1: number; balancedAccuracy: number } {
  const seen = scores.filter((s, g) => s.support > 0 || confusion.some((row) => row[g] > 0));
  const truth = scores.filter((s) => s.support > 0);
  const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  return { macroF1: mean(seen.map((s) => s.f1)), balancedAccuracy: mean(truth.map((s) => s.recall)) };
}

/** A short human report of `metrics`: headline figures and the per-class table. */
export function formatMetrics(metrics: Metrics): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const width = Math.max(5, ...metrics.mapping.map((g) => g.length));
  const lines = [
    `segments: ${metrics.segments}  tracks: ${metrics.tracks ?? 'not named in the data file'}`,
    `loss ${metrics.loss.toFixed(4)}  accuracy ${pct(metrics.accuracy)}  track accuracy ${metrics.trackAccuracy === null ? 'n/a' : pct(metrics.trackAccuracy)}`,
    ...(metrics.macroF1 === undefined
      ? []
      : [
          `macro-F1 ${(metrics.macroF1 ?? Number.NaN).toFixed(3)}  balanced accuracy ${pct(metrics.balancedAccuracy ?? Number.NaN)}` +
            (metrics.trackMacroF1 == null ? '' : `  track macro-F1 ${metrics.trackMacroF1.toFixed(3)}`),
        ]),
    `${'class'.padEnd(width)}  precision  recall     f1  support`,
    ...metrics.perGenre.map(
      (s) =>
        `${s.genre.padEnd(width)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}  ${s.f1.toFixed(3).padStart(5)}  ${String(s.support).padStart(7)}`,
    ),
  ];
  return lines.join('\n');
}
