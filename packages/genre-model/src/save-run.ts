import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { confusionPlot, historyPlot } from '@audio-dl/plot';
import { saveModel, writeModelDir } from './io';
import type { TrainResult } from './train';

export const HISTORY_JSON = 'history.json';
export const HISTORY_PNG = 'history.png';
export const CONFUSION_PNG = 'confusion.png';
export const METRICS_JSON = 'metrics.json';

/**
 * Writes a training run to `dir` in one swap: the model (`model.json`, `weights.bin`, `audio-dl.json`),
 * `history.json`, `metrics.json` (test split), `history.png` (§10.4) and `confusion.png`.
 */
export async function saveTrainingRun(dir: string, result: TrainResult): Promise<void> {
  const plots: Record<string, Buffer> = { [HISTORY_PNG]: historyPlot(result.history, `${result.meta.model}`) };
  if (result.metrics) plots[CONFUSION_PNG] = confusionPlot(result.metrics);
  await writeModelDir(dir, async (tmp) => {
    await saveModel(tmp, result.model, result.meta);
    await writeFile(join(tmp, HISTORY_JSON), `${JSON.stringify(result.history, null, 2)}\n`);
    const metrics = { scope: 'test', segments: result.split.test.length, ...result.metrics };
    await writeFile(join(tmp, METRICS_JSON), `${JSON.stringify(metrics, null, 2)}\n`);
    for (const [name, png] of Object.entries(plots)) await writeFile(join(tmp, name), png);
  });
}
