import { loadDataset } from '@audio-dl/dataset';
import {
  BACKENDS,
  disposeModel,
  formatMetrics,
  formatShape,
  hashFile,
  initBackend,
  KerasProgress,
  modelNames,
  modelSpec,
  modelSummary,
  recommendedModel,
  saveTrainingRun,
  trainGenreModel,
} from '@audio-dl/genre-model';
import { z } from 'zod';
import { type Command, parseFlags, UsageError } from '../command';

// Every model but the §07 regressor (its samples are pairs of numbers, not audio features).
const genreModels = modelNames.filter((m) => m !== 'addition') as Exclude<(typeof modelNames)[number], 'addition'>[];

/** `--x` / `--no-x` → true / false / undefined (the model's own recipe). */
function toggle(on: boolean, off: boolean, flag: string): boolean | undefined {
  if (on && off) throw new UsageError(`--${flag} and --no-${flag} contradict each other`);
  return on ? true : off ? false : undefined;
}

const count = z.coerce.number().int().positive();
const fraction = z.coerce.number().min(0).lt(1);

const flagsSchema = z.object({
  data: z.string({ error: 'is required (a .arrow or .json file from `audio-dl preprocess`)' }),
  model: z.enum(genreModels, { error: `must be one of ${genreModels.join(', ')}` }).optional(),
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
  noStandardize: z.boolean().default(false),
  weightDecay: z.coerce.number().min(0).optional(),
  schedule: z.enum(['constant', 'one-cycle']).optional(),
  labelSmoothing: fraction.optional(),
  crop: z.boolean().default(false),
  noCrop: z.boolean().default(false),
  specAugment: z.boolean().default(false),
  noSpecAugment: z.boolean().default(false),
  mixup: z.coerce.number().min(0).optional(),
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
  'no-standardize': { type: 'boolean' },
  'weight-decay': { type: 'string' },
  schedule: { type: 'string' },
  'label-smoothing': { type: 'string' },
  crop: { type: 'boolean' },
  'no-crop': { type: 'boolean' },
  'spec-augment': { type: 'boolean' },
  'no-spec-augment': { type: 'boolean' },
  mixup: { type: 'string' },
  backend: { type: 'string' },
} as const;

/** `audio-dl train`: trains a genre model on a preprocessed data file and saves it with its metrics. */
export const train: Command = {
  name: 'train',
  summary: '§10–§11 and on: train a genre model (the recommended recipe unless --model names one); save model, metrics',
  usage:
    `train --data FILE --out DIR [--model ${genreModels.join('|')}] [--epochs N] [--batch-size 32] [--lr 1e-4] ` +
    '[--split track|segment] [--test-size 0.25] [--val-size 0.2] [--seed 42] [--patience N] [--no-standardize] ' +
    '[--weight-decay X] [--schedule constant|one-cycle] [--label-smoothing X] [--[no-]crop] [--[no-]spec-augment] ' +
    '[--mixup ALPHA] [--backend tensorflow|wasm|cpu]',
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const backend = await initBackend(flags.backend);
    process.stdout.write(`backend: ${backend}\n`);
    const standardize = toggle(flags.standardize, flags.noStandardize, 'standardize') ?? true;
    const augment = {
      crop: toggle(flags.crop, flags.noCrop, 'crop'),
      specAugment: (() => {
        const on = toggle(flags.specAugment, flags.noSpecAugment, 'spec-augment');
        return on === undefined ? undefined : on ? {} : null;
      })(),
      mixup: flags.mixup,
    };
    const data = await loadDataset(flags.data);
    const modelName = flags.model ?? recommendedModel(data.params);
    const spec = modelSpec(modelName);
    const epochs = flags.epochs ?? spec.defaults.epochs;
    process.stdout.write(
      `data: ${flags.data}: ${data.shape[0]} segments of ${formatShape(data.shape.slice(1))}, ${data.mapping.length} genres` +
        `, ${data.params?.features ?? 'mfcc'} features\n` +
        (flags.model
          ? ''
          : `model: ${modelName} (the recommended recipe for ${data.params?.features ?? 'mfcc'} features)\n`),
    );
    const result = await trainGenreModel(
      data,
      {
        model: modelName,
        epochs,
        batchSize: flags.batchSize,
        learningRate: flags.lr,
        split: { kind: flags.split, testSize: flags.testSize, valSize: flags.valSize, seed: flags.seed },
        patience: flags.patience,
        standardize,
        weightDecay: flags.weightDecay,
        schedule: flags.schedule,
        labelSmoothing: flags.labelSmoothing,
        augment: Object.fromEntries(Object.entries(augment).filter(([, v]) => v !== undefined)),
      },
      {
        source: flags.data,
        sha256: await hashFile(flags.data),
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
