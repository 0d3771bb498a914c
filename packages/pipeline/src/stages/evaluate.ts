import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { evaluateModel } from '@audio-dl/genre-model';
import { BACKENDS } from '@audio-dl/tfjs-kernels/names';
import { initBackend } from '@audio-dl/tfjs-kernels/node';
import { historySchema } from '@audio-dl/trainer';
import { runRecordSchema } from '../runs';
import { confusionFigure, curvesFigures } from './evaluate-figures';
import { readJson, requireFile, type StageContext, StageError, stageDir, writeJson } from './io';

/** Scores the trained model on its own held-out test split: `metrics.json`, the training curves and the confusion matrix. */
export async function evaluate(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const trainDir = stageDir(ctx.loaded, 'train', ctx.experiment);
  const modelDir = path.join(trainDir, 'model');
  await requireFile(path.join(modelDir, 'model.json'), 'evaluate');
  const dataFile = await requireFile(path.join(stageDir(ctx.loaded, 'dataset'), 'data.arrow'), 'evaluate');
  const runFile = path.join(trainDir, 'run.json');
  const run = await readJson(runFile, 'evaluate', runRecordSchema);
  const backend = BACKENDS.find((b) => b === run.backend);
  if (!backend) throw new StageError('evaluate', runFile, `trained on an unknown backend "${run.backend}"`);
  await initBackend(backend);
  let evaluation: Awaited<ReturnType<typeof evaluateModel>>;
  try {
    evaluation = await evaluateModel(modelDir, dataFile);
  } catch (err) {
    throw new StageError('evaluate', modelDir, (err as Error).message);
  }
  const { metrics } = evaluation;
  await writeJson(path.join(out, 'metrics.json'), { scope: evaluation.scope, note: evaluation.note, ...metrics });
  const history = await readJson(path.join(modelDir, 'history.json'), 'evaluate', historySchema);
  const figures = [...curvesFigures(history), confusionFigure(metrics, ctx.loaded.config.evaluate.normalize)];
  for (const f of figures) await fs.writeFile(path.join(out, f.file), f.png);
  ctx.log(`evaluate: ${evaluation.note}`);
  ctx.log(
    `evaluate: segment accuracy ${metrics.accuracy.toFixed(4)}, track accuracy ${metrics.trackAccuracy?.toFixed(4) ?? '-'}`,
  );
  return {
    run: run.id,
    accuracy: metrics.accuracy,
    trackAccuracy: metrics.trackAccuracy,
    loss: metrics.loss,
    figures: figures.map((f) => ({ file: f.file, title: f.title })),
  };
}
