import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { type CommandModule, parseFlags, UsageError } from '../command';
import { BACKEND_NAMES, MODEL_NAMES } from '../config';
import { memorySchema } from '../memory';
import { checkOutputFolder, requireInput } from '../paths';
import { recordRun, runFigures } from '../runs';

/** `--split` when not given: by group when the data names one for every row (and says so), else by track. */
export function defaultSplit<D>(data: D, hasGroups: (d: D) => boolean): 'group' | 'track' {
  if (!hasGroups(data)) return 'track';
  process.stderr.write(
    'split: by group (the data names groups: no group on both sides; --split track|segment to change)\n',
  );
  return 'group';
}

/** `--x` / `--no-x` → true / false / undefined (the model's own recipe). */
function toggle(on: boolean, off: boolean, flag: string): boolean | undefined {
  if (on && off) throw new UsageError(`--${flag} and --no-${flag} contradict each other`);
  return on ? true : off ? false : undefined;
}

const count = z.coerce.number().int().positive();
const fraction = z.coerce.number().min(0).lt(1);

export const flagsSchema = z.object({
  data: z.string({
    error: 'is required (a .arrow, .parquet or .json file or a folder of parts from `audio-dl preprocess`)',
  }),
  model: z.enum(MODEL_NAMES, { error: `must be one of ${MODEL_NAMES.join(', ')}` }).optional(),
  out: z.string({ error: 'is required (the folder to save the model in)' }),
  epochs: count.optional(),
  batchSize: count.optional(),
  lr: z.coerce.number().positive().optional(),
  /** Absent: by group when the data names groups, else by track. */
  split: z.enum(['track', 'segment', 'group']).optional(),
  testFold: z.string().min(1).optional(),
  classWeights: z.enum(['none', 'balanced']).default('none'),
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
  augmented: z.string().optional(),
  ensemble: z.coerce.number().int().min(2, { error: 'must be a whole number ≥ 2 (models averaged)' }).optional(),
  backend: z.enum(BACKEND_NAMES).optional(),
  threads: count.optional(),
  runsDir: z.string().min(1).default('runs'),
  noRecord: z.boolean().default(false),
  /** Absent: genre-model's fixed default (2 GiB). */
  memory: memorySchema.optional(),
});

export const options = {
  data: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  split: { type: 'string' },
  'test-fold': { type: 'string' },
  'class-weights': { type: 'string' },
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
  augmented: { type: 'string' },
  ensemble: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  'runs-dir': { type: 'string' },
  'no-record': { type: 'boolean' },
  memory: { type: 'string' },
} as const;

/**
 * `audio-dl train`: trains a genre model on a preprocessed data file, saves it with its metrics and records the
 * run in `runs/` as the pipeline does. Every path is checked before the backend starts.
 */
export const train: CommandModule = {
  async run(argv) {
    const { flags, positionals } = parseFlags(argv, options, flagsSchema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const standardize = toggle(flags.standardize, flags.noStandardize, 'standardize') ?? true;
    const specAugment = toggle(flags.specAugment, flags.noSpecAugment, 'spec-augment');
    const augment = {
      crop: toggle(flags.crop, flags.noCrop, 'crop'),
      specAugment: specAugment === undefined ? undefined : specAugment ? {} : null,
      mixup: flags.mixup,
    };
    await requireInput(flags.data, 'file or folder'); // a folder of parts is a data set too
    if (flags.augmented) await requireInput(flags.augmented, 'file');
    await checkOutputFolder(flags.out);
    if (!flags.noRecord) await checkOutputFolder(flags.runsDir);
    const [{ hashDataset, loadDataset }, gm] = await Promise.all([
      import('@audio-dl/dataset'),
      import('@audio-dl/genre-model'),
    ]);
    const { checkModelDir, describeBackend, disposeModel, formatMetrics, formatShape, hashFile, initBackend } = gm;
    const { KerasProgress } = gm;
    const { modelSpec, modelSummary, recommendedModel, saveTrainingRun, trainEnsemble, trainGenreModel } = gm;
    const { DEFAULT_MEMORY_BYTES, describeOpened, openData } = gm;
    await checkModelDir(flags.out);
    const started = Date.now();
    const backend = await initBackend(flags.backend);
    const threads = flags.threads ?? availableParallelism();
    process.stderr.write(`backend: ${describeBackend()}, ${threads} thread${threads === 1 ? '' : 's'}\n`);
    const memory = flags.memory ?? DEFAULT_MEMORY_BYTES;
    const opened = await openData(flags.data, { memory, standardize });
    const data = opened.kind === 'memory' ? opened.data : opened.data.scan;
    const model = flags.model ?? recommendedModel(data.params);
    const epochs = flags.epochs ?? modelSpec(model).defaults.epochs;
    const kind = data.params?.features ?? 'mfcc';
    process.stderr.write(
      `data: ${flags.data}: ${data.shape[0]} segments of ${formatShape(data.shape.slice(1))}, ${data.mapping.length} genres, ${kind} features\n` +
        `${describeOpened(opened, memory)}\n` +
        (flags.model ? '' : `model: ${model} (the recommended recipe for ${kind} features)\n`),
    );
    const sha256 = await hashDataset(flags.data);
    const splitKind = flags.split ?? defaultSplit(data, gm.hasGroups);
    const trainOptions = {
      model,
      epochs,
      batchSize: flags.batchSize,
      learningRate: flags.lr,
      split: {
        kind: splitKind,
        testSize: flags.testSize,
        valSize: flags.valSize,
        seed: flags.seed,
        ...(flags.testFold ? { testFold: flags.testFold } : {}),
      },
      classWeights: flags.classWeights,
      patience: flags.patience,
      standardize,
      weightDecay: flags.weightDecay,
      schedule: flags.schedule,
      labelSmoothing: flags.labelSmoothing,
      augment: Object.fromEntries(Object.entries(augment).filter(([, v]) => v !== undefined)),
      threads,
    };
    const context = {
      source: flags.data,
      sha256,
      backend,
      ...(flags.augmented
        ? {
            augmented: {
              data: await loadDataset(flags.augmented),
              source: flags.augmented,
              sha256: await hashFile(flags.augmented),
            },
          }
        : {}),
      progress: new KerasProgress(process.stderr, epochs),
      onModel: (m: Parameters<typeof modelSummary>[0]) => process.stderr.write(`${modelSummary(m)}\n`),
    };
    if (flags.ensemble && opened.kind === 'stream')
      throw new Error(
        `${flags.data}: --ensemble needs the data set in memory, and it is streamed (over --memory); raise --memory or train one model`,
      );
    const result =
      flags.ensemble && opened.kind === 'memory'
        ? await trainEnsemble(
            opened.data,
            trainOptions,
            {
              ...context,
              onMember: (j, of, seed) => process.stderr.write(`ensemble member ${j}/${of} (seed ${seed})\n`),
            },
            flags.ensemble,
          )
        : await trainGenreModel(opened.data, trainOptions, context);
    const { split, metrics } = result;
    await saveTrainingRun(flags.out, result);
    process.stdout.write(
      `split (${splitKind}${flags.testFold ? `, test fold ${flags.testFold}` : ''}, seed ${flags.seed}): train ${split.train.length}, validation ${split.val.length}, test ${split.test.length} segments\n`,
    );
    if (metrics) process.stdout.write(`test split:\n${formatMetrics(metrics)}\n`);
    process.stdout.write(`saved to ${flags.out}\n`);
    disposeModel(result.model);
    if (!flags.noRecord) {
      const { dir } = await recordRun(
        flags.runsDir,
        model,
        {
          experiment: model,
          model,
          epochs,
          backend,
          seconds: (Date.now() - started) / 1000,
          ...runFigures(result),
          source: 'cli',
        },
        {
          modelDir: flags.out,
          config: { command: ['audio-dl', 'train', ...argv], data: { path: flags.data, sha256 }, flags },
          metrics,
        },
      );
      process.stdout.write(
        `recorded run ${path.relative('.', dir) || dir} (\`audio-dl runs --dir ${flags.runsDir}\`)\n`,
      );
    }
    return 0;
  },
};
