import { hashDataset, loadDataset } from '@audio-dl/dataset';
import {
  BACKENDS,
  disposeModel,
  formatMetrics,
  formatShape,
  initBackend,
  KerasProgress,
  modelNames,
  modelSpec,
  modelSummary,
  saveTrainingRun,
  trainGenreModel,
} from '@audio-dl/genre-model';
import { z } from 'zod';
import { type Command, parseFlags, UsageError } from '../command';

const count = z.coerce.number().int().positive();
const fraction = z.coerce.number().min(0).lt(1);

const flagsSchema = z.object({
  data: z.string({
    error: 'is required (a .arrow, .parquet or .json file or a folder of parts from `audio-dl preprocess`)',
  }),
  model: z.enum(modelNames, { error: `must be one of ${modelNames.join(', ')}` }),
  out: z.string({ error: 'is required (the folder to save the model in)' }),
  epochs: count.optional(),
  batchSize: count.optional(),
  lr: z.coerce.number().positive().optional(),
  split: z.enum(['track', 'segment']).default('track'),
  testSize: fraction.default(0.25),
  valSize: fraction.default(0.2),
  seed: z.coerce.number().int().default(42),
  patience: count.optional(),
  standardize: z.boolean().default(false),
  backend: z.enum(BACKENDS).optional(),
});

const options = {
  data: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  split: { type: 'string' },
  'test-size': { type: 'string' },
  'val-size': { type: 'string' },
  seed: { type: 'string' },
  patience: { type: 'string' },
  standardize: { type: 'boolean' },
  backend: { type: 'string' },
} as const;

/** `audio-dl train`: trains a genre model on a preprocessed data file and saves it with its metrics. */
export const train: Command = {
  name: 'train',
  summary: '§10–§11 and on: train mlp, mlp-regularized, cnn or lstm on MFCC segments; save model, metrics, figures',
  usage:
    'train --data FILE --model mlp|mlp-regularized|cnn|lstm --out DIR [--epochs N] [--batch-size 32] [--lr 1e-4] ' +
    '[--split track|segment] [--test-size 0.25] [--val-size 0.2] [--seed 42] [--patience N] [--standardize] ' +
    '[--backend tensorflow|wasm|cpu]',
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const backend = await initBackend(flags.backend);
    process.stdout.write(`backend: ${backend}\n`);
    const data = await loadDataset(flags.data);
    const spec = modelSpec(flags.model);
    const epochs = flags.epochs ?? spec.defaults.epochs;
    process.stdout.write(
      `data: ${flags.data}: ${data.shape[0]} segments of ${formatShape(data.shape.slice(1))}, ${data.mapping.length} genres\n`,
    );
    const result = await trainGenreModel(
      data,
      {
        model: flags.model,
        epochs,
        batchSize: flags.batchSize,
        learningRate: flags.lr,
        split: { kind: flags.split, testSize: flags.testSize, valSize: flags.valSize, seed: flags.seed },
        patience: flags.patience,
        standardize: flags.standardize,
      },
      {
        source: flags.data,
        sha256: await hashDataset(flags.data),
        backend,
        progress: new KerasProgress(process.stdout, epochs),
        onModel: (model) => process.stdout.write(`${modelSummary(model)}\n`),
      },
    );
    const { split, metrics } = result;
    await saveTrainingRun(flags.out, result);
    process.stdout.write(
      `split (${flags.split}, seed ${flags.seed}): train ${split.train.length}, validation ${split.val.length}, test ${split.test.length} segments\n`,
    );
    if (metrics) process.stdout.write(`test split:\n${formatMetrics(metrics)}\n`);
    process.stdout.write(`saved to ${flags.out}\n`);
    disposeModel(result.model);
    return 0;
  },
};
