import * as path from 'node:path';
import { trainSettings } from '../config';
import { runTraining } from '../run-training';
import { requireFile, type StageContext, StageError, stageDir, writeJson } from './io';

/** Trains the configured model (the experiment's overlay applied) and records the run under `runs/<id>/`. */
export async function train(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const settings = trainSettings(ctx.loaded.config, ctx.experiment);
  const dataFile = await requireFile(path.join(stageDir(ctx.loaded, 'dataset'), 'data.arrow'), 'train');
  const { backend, memory, ...options } = settings;
  const noNulls = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== null));
  // The stage says it in one line, once the data is open.
  let running = '';
  let run: Awaited<ReturnType<typeof runTraining>>;
  try {
    run = await runTraining({
      data: dataFile,
      out: path.join(out, 'model'),
      train: noNulls,
      backend: backend ?? undefined,
      memory: memory ?? undefined,
      record: {
        runsDir: path.join(ctx.loaded.dir, 'runs'),
        experiment: ctx.experiment,
        source: 'pipeline',
        config: () => ({ ...ctx.loaded.config, train: settings }),
      },
      on: {
        backend: (description, threads) => {
          running = `on the ${description} backend, ${threads} thread${threads === 1 ? '' : 's'}`;
        },
        data: (info) =>
          ctx.log(
            `train: ${info.model}${info.recommended ? ' (recommended)' : ''}, ${info.epochs} epochs ${running}; ${info.opened}`,
          ),
      },
    });
  } catch (err) {
    throw new StageError('train', dataFile, (err as Error).message);
  }
  const { record, dir } = run.recorded!;
  await writeJson(path.join(out, 'run.json'), record);
  ctx.log(`train: recorded run ${path.relative(ctx.loaded.dir, dir)}`);
  return {
    run: record.id,
    backend: run.backend,
    epochsRun: record.epochsRun,
    accuracy: record.accuracy,
    trackAccuracy: record.trackAccuracy,
  };
}
