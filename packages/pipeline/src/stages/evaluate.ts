import * as path from 'node:path';
import { evaluateModel, initBackend } from '@audio-dl/genre-model';
import { readJson, requireFile, type StageContext, StageError, stageDir, writeJson } from './io';

/** Scores the trained model on its own held-out test split: `metrics.json` (+ the figures). */
export async function evaluate(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const trainDir = stageDir(ctx.loaded, 'train', ctx.experiment);
  const modelDir = path.join(trainDir, 'model');
  await requireFile(path.join(modelDir, 'model.json'), 'evaluate');
  const dataFile = await requireFile(path.join(stageDir(ctx.loaded, 'dataset'), 'data.arrow'), 'evaluate');
  const run = (await readJson(path.join(trainDir, 'run.json'), 'evaluate')) as { backend: string; id: string };
  await initBackend(run.backend as 'tensorflow' | 'wasm' | 'cpu');
  let evaluation: Awaited<ReturnType<typeof evaluateModel>>;
  try {
    evaluation = await evaluateModel(modelDir, dataFile);
  } catch (err) {
    throw new StageError('evaluate', modelDir, (err as Error).message);
  }
  const { metrics } = evaluation;
  await writeJson(path.join(out, 'metrics.json'), { scope: evaluation.scope, note: evaluation.note, ...metrics });
  ctx.log(`evaluate: ${evaluation.note}`);
  ctx.log(
    `evaluate: segment accuracy ${metrics.accuracy.toFixed(4)}, track accuracy ${metrics.trackAccuracy?.toFixed(4) ?? '-'}`,
  );
  return { run: run.id, accuracy: metrics.accuracy, trackAccuracy: metrics.trackAccuracy, loss: metrics.loss };
}
