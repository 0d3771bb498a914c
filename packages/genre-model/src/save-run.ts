import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveModel, writeModelDir } from './io';
import type { TrainResult } from './train';

export const HISTORY_JSON = 'history.json';
export const METRICS_JSON = 'metrics.json';

/**
 * Writes a training run to `dir` in one swap: the model (`model.json`, `weights.bin`, `audio-dl.json`),
 * `history.json`, `metrics.json` (test split) and `figures` (file name → bytes: the CLI draws `history.png`, §10.4,
 * and `confusion.png` with @audio-dl/plot; drawing is not this package's concern).
 */
export async function saveTrainingRun(
  dir: string,
  result: TrainResult,
  figures: Readonly<Record<string, Uint8Array>> = {},
): Promise<void> {
  await writeModelDir(dir, async (tmp) => {
    await saveModel(tmp, result.model, result.meta);
    await writeFile(join(tmp, HISTORY_JSON), `${JSON.stringify(result.history, null, 2)}\n`);
    const metrics = { scope: 'test', segments: result.split.test.length, ...result.metrics };
    await writeFile(join(tmp, METRICS_JSON), `${JSON.stringify(metrics, null, 2)}\n`);
    for (const [name, bytes] of Object.entries(figures)) await writeFile(join(tmp, name), bytes);
  });
}
