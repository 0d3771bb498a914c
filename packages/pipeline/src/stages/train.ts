import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_MEMORY_BYTES,
  describeOpened,
  hashFile,
  type ModelName,
  modelSpec,
  openData,
  recommendedModel,
  saveTrainingRun,
  trainGenreModel,
} from '@audio-dl/genre-model';
import type { BackendName } from '@audio-dl/tfjs-kernels/names';
import { describeBackend, initBackend } from '@audio-dl/tfjs-kernels/node';
import { KerasProgress } from '@audio-dl/trainer';
import { trainSettings } from '../config';
import { recordRun, runFigures } from '../runs';
import { requireFile, type StageContext, StageError, stageDir, writeJson } from './io';

/** Trains the configured model (the experiment's overlay applied) and records the run under `runs/<id>/`. */
export async function train(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const settings = trainSettings(ctx.loaded.config, ctx.experiment);
  const dataFile = await requireFile(path.join(stageDir(ctx.loaded, 'dataset'), 'data.arrow'), 'train');
  const started = Date.now();
  const backend = await initBackend((settings.backend ?? undefined) as BackendName | undefined);
  let result: Awaited<ReturnType<typeof trainGenreModel>>;
  let model: string;
  let epochs: number;
  try {
    const memory = settings.memory ?? DEFAULT_MEMORY_BYTES;
    const opened = await openData(dataFile, { memory, standardize: settings.standardize });
    const data = opened.kind === 'memory' ? opened.data : opened.data.scan;
    model = settings.model ?? recommendedModel(data.params);
    epochs = settings.epochs ?? modelSpec(model as ModelName).defaults.epochs;
    const threads = settings.threads ?? availableParallelism();
    ctx.log(
      `train: ${model}${settings.model ? '' : ' (recommended)'}, ${epochs} epochs on the ${describeBackend()} backend, ${threads} thread${threads === 1 ? '' : 's'}; ${describeOpened(opened, memory)}`,
    );
    result = await trainGenreModel(
      opened.data,
      {
        model: model as ModelName,
        epochs,
        batchSize: settings.batchSize,
        learningRate: settings.lr ?? undefined,
        split: { kind: settings.split, testSize: settings.testSize, valSize: settings.valSize, seed: settings.seed },
        patience: settings.patience ?? undefined,
        standardize: settings.standardize,
        threads,
      },
      {
        source: dataFile,
        sha256: await hashFile(dataFile),
        backend,
        progress: new KerasProgress(process.stderr, epochs),
      },
    );
  } catch (err) {
    throw new StageError('train', dataFile, (err as Error).message);
  }
  const modelDir = path.join(out, 'model');
  await saveTrainingRun(modelDir, result);
  const { record, dir } = await recordRun(
    path.join(ctx.loaded.dir, 'runs'),
    ctx.experiment,
    {
      experiment: ctx.experiment,
      model,
      epochs,
      backend,
      seconds: (Date.now() - started) / 1000,
      ...runFigures(result),
      source: 'pipeline',
    },
    { modelDir, config: { ...ctx.loaded.config, train: settings }, metrics: result.metrics },
  );
  await writeJson(path.join(out, 'run.json'), record);
  ctx.log(`train: recorded run ${path.relative(ctx.loaded.dir, dir)}`);
  return {
    run: record.id,
    backend,
    epochsRun: record.epochsRun,
    accuracy: record.accuracy,
    trackAccuracy: record.trackAccuracy,
  };
}
