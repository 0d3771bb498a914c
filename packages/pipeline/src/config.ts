import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sourceOptionsSchema } from '@audio-dl/dataset/portable';
import { trainSettingsShape } from '@audio-dl/genre-model/schemas';
import { z } from 'zod';
import { memorySchema } from './memory';

/** The file every Nx pipeline target reads (and hashes, one section per target). */
export const DEFAULT_CONFIG_FILE = 'pipeline.config.json';

const positiveInt = z.number().int().positive();

export const dataSectionSchema = z
  .object({
    /** `ROOT/<genre>/<track>`, relative to the config file. `null`: the deterministic demo set in `demoDir`. */
    root: z.string().min(1).nullable().default(null),
    /** Where the demo set is generated when `root` is null and the folder is absent. */
    demoDir: z.string().min(1).default('data/demo'),
    /** The demo set's generator options (`@audio-dl/demo-data`'s `generateDemoData`). */
    demo: z
      .object({
        genres: positiveInt.max(10).default(6),
        tracksPerGenre: positiveInt.default(20),
        seconds: z.number().positive().default(30),
        seed: z.number().int().nonnegative().default(1),
      })
      .strict()
      .default({ genres: 6, tracksPerGenre: 20, seconds: 30, seed: 1 }),
    /**
     * How the clips are described when not a folder per label (the schema `audio-dl preprocess` flags share):
     * `manifest` (relative to the config file; `root` then unused) with its column names, or `labelPattern` over the
     * paths under `root`; `nested` for a folder per label. Regions of a manifest are decoded as regions.
     */
    ...sourceOptionsSchema.shape,
  })
  .strict()
  .refine((d) => !(d.manifest && d.labelPattern), { message: 'give data.manifest or data.labelPattern, not both' });

export const decodeSectionSchema = z
  .object({
    sr: positiveInt.default(22050),
    mono: z.literal(true).default(true),
    /** Seconds kept from `offset` on in each track (stored as int16 PCM); the segment stage uses at most this. */
    duration: z.number().positive().default(30),
    /** Seconds skipped at the start of each track (librosa.load's `offset`); only the kept span is read. */
    offset: z.number().min(0).default(0),
  })
  .strict();

const segmentFields = z
  .object({
    duration: z.number().positive().default(30),
    segments: positiveInt.default(10),
    /**
     * A number: clips of any length, each cut into whole segments of that many seconds (a shorter clip centred in
     * silence), as `--segment-seconds`. `course`: `segments` parts of `duration` s. `auto`: when some decoded clip is
     * shorter than a course segment, a length chosen from the clips' lengths (dataset's `chooseSegmentSeconds`), else
     * the course's layout. Absent: `auto`, or `course` where `duration` or `segments` is given (as the CLI does).
     */
    seconds: z.union([z.number().positive(), z.enum(['auto', 'course'])]),
    /** With clip-length segments: a clip shorter than this is dropped and named (`--min-seconds`; absent: three hops). */
    minSeconds: z.number().min(0).optional(),
  })
  .strict();

// Whether a layout was given is only known before the defaults fill it in.
export const segmentSectionSchema = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null || 'seconds' in raw) return raw;
  return { ...raw, seconds: 'duration' in raw || 'segments' in raw ? 'course' : 'auto' };
}, segmentFields);

export const mfccSectionSchema = z
  .object({
    nMfcc: positiveInt.default(13),
    nFft: positiveInt.default(2048),
    hopLength: positiveInt.default(512),
    // Both absent: dataset's `withDefaultFeatures` decides (64-band log-mel for clip-length segments, MFCC over 128
    // mel bands for the course's layout), as for `audio-dl preprocess`.
    nMels: positiveInt.optional(),
    /** The mel filters' range in Hz (librosa's fmin, fmax; absent: 0 and sr / 2), as `audio-dl preprocess --fmin/--fmax`. */
    fmin: z.number().min(0).optional(),
    fmax: z.number().positive().optional(),
    /** `logmel`: power_to_db(melspectrogram) with `nMels` bands per frame instead of `nMfcc` coefficients. */
    features: z.enum(['mfcc', 'logmel']).optional(),
  })
  .strict();

export const datasetSectionSchema = z
  .object({
    /** Also write the seed's JSON (`data.json`) for the course's Python scripts; Arrow is always written. */
    json: z.boolean().default(true),
    /** `4` reproduces the seed's layout; `null` is compact. */
    indent: z.literal(4).nullable().default(null),
  })
  .strict();

/**
 * The tfjs backends, as `@audio-dl/genre-model` names them (`BACKENDS`; a test keeps them equal). Listed here so the
 * config and the command line's flags are validated without loading TensorFlow.js.
 */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** How a training run executes, besides the train options: the backend and the memory budget (config and flags). */
export const runSettingsShape = {
  backend: z.enum(BACKEND_NAMES),
  /** Memory budget over which the data set is streamed from its files (`512M`, `2G`); absent: 2 GiB. */
  memory: memorySchema,
};

// The train options' one declaration (genre-model's `trainSettingsShape`); `null` in the config: the model's own.
const t = trainSettingsShape;
const trainFields = {
  /** `null`: the recommended recipe for the data's features (`audio-dl train` with no `--model`). */
  model: t.model.nullable(),
  /** `null`: the model's own number of epochs and learning rate. */
  epochs: t.epochs.nullable(),
  batchSize: t.batchSize,
  lr: t.lr.nullable(),
  // Without their defaults here: an experiment sets only what it names (the section below keeps the defaults).
  split: t.split.optional(),
  testSize: t.testSize.removeDefault(),
  valSize: t.valSize.removeDefault(),
  seed: t.seed.removeDefault(),
  patience: t.patience.nullable(),
  standardize: t.standardize.removeDefault(),
  backend: runSettingsShape.backend.nullable(),
  /** `null`: every core (`os.availableParallelism()`). */
  threads: t.threads.nullable(),
  memory: runSettingsShape.memory.nullable(),
};

export const trainSectionSchema = z
  .object({
    model: trainFields.model.default(null),
    epochs: trainFields.epochs.default(null),
    batchSize: trainFields.batchSize.default(32),
    lr: trainFields.lr.default(null),
    // Absent: as `audio-dl train`, by group when the data names groups (no leak), else by track.
    split: t.split.optional(),
    testSize: t.testSize,
    valSize: t.valSize,
    seed: t.seed,
    patience: trainFields.patience.default(null),
    standardize: t.standardize,
    backend: trainFields.backend.default(null),
    threads: trainFields.threads.default(null),
    memory: trainFields.memory.default(null),
  })
  .strict()
  .superRefine((train, ctx) => {
    // The pipeline evaluates on the test part and stops early on the validation part: neither may be empty.
    for (const key of ['testSize', 'valSize'] as const)
      if (train[key] === 0) ctx.addIssue({ code: 'custom', path: [key], message: 'must be greater than 0' });
  });

/** An experiment: any subset of the `train` fields, laid over the section (no defaults of its own). */
export const experimentSchema = z.object(trainFields).partial().strict();

export const evaluateSectionSchema = z
  .object({
    /** Confusion matrix cells show counts or row-normalised fractions. */
    normalize: z.boolean().default(false),
  })
  .strict();

export const reportSectionSchema = z
  .object({
    title: z.string().min(1).default('audio-dl: audio classification'),
    /** The five §08 figures for this many example tracks per genre. */
    examplesPerGenre: z.number().int().nonnegative().max(5).default(1),
  })
  .strict();

export const pipelineConfigSchema = z
  .object({
    $schema: z.string().optional(),
    data: dataSectionSchema.default(dataSectionSchema.parse({})),
    decode: decodeSectionSchema.default(decodeSectionSchema.parse({})),
    segment: segmentSectionSchema.default(segmentSectionSchema.parse({})),
    mfcc: mfccSectionSchema.default(mfccSectionSchema.parse({})),
    dataset: datasetSectionSchema.default(datasetSectionSchema.parse({})),
    train: trainSectionSchema.default(trainSectionSchema.parse({})),
    evaluate: evaluateSectionSchema.default(evaluateSectionSchema.parse({})),
    report: reportSectionSchema.default(reportSectionSchema.parse({})),
    /** Named overlays of the `train` section: `npx nx run pipeline:train:cnn` trains with `experiments.cnn`. */
    experiments: z.record(z.string().regex(/^[a-z0-9-]+$/), experimentSchema).default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.segment.duration > config.decode.duration) {
      ctx.addIssue({
        code: 'custom',
        path: ['segment', 'duration'],
        message: `is ${config.segment.duration} s but decode keeps only ${config.decode.duration} s (decode.duration)`,
      });
    }
    if (config.train.testSize + config.train.valSize >= 1) {
      ctx.addIssue({ code: 'custom', path: ['train'], message: 'testSize + valSize must be below 1' });
    }
  });

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
export type TrainSection = z.infer<typeof trainSectionSchema>;

/** A config file plus where it lives: relative paths in it resolve against `dir`. */
export interface LoadedConfig {
  file: string;
  dir: string;
  config: PipelineConfig;
}

/** Reads and validates a pipeline config; errors name the file and the offending field. */
export function loadConfig(file: string): LoadedConfig {
  const abs = path.resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new Error(`${abs}: ${reason}`);
  }
  return { file: abs, dir: path.dirname(abs), config: parseConfig(raw, abs) };
}

export function parseConfig(raw: unknown, file = 'config'): PipelineConfig {
  const result = pipelineConfigSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file}: invalid pipeline config: ${issues.join('; ')}`);
  }
  return result.data;
}

/** The `train` section with experiment `name` laid over it (`default` is the section itself). */
export function trainSettings(config: PipelineConfig, experiment: string): TrainSection {
  if (experiment === 'default') return config.train;
  const overlay = config.experiments[experiment];
  if (!overlay) {
    const known = ['default', ...Object.keys(config.experiments)].join(', ');
    throw new Error(`unknown experiment "${experiment}"; the config defines: ${known}`);
  }
  return trainSectionSchema.parse({ ...config.train, ...overlay });
}

/** The data folder the pipeline reads, and whether it is the generated demo set. */
export function dataRoot(loaded: LoadedConfig): { root: string; demo: boolean } {
  const { root, demoDir, manifest } = loaded.config.data;
  // A manifest's clips lie around it: its folder is what is fingerprinted for the cache.
  if (manifest) return { root: path.dirname(path.resolve(loaded.dir, manifest)), demo: false };
  return root === null
    ? { root: path.resolve(loaded.dir, demoDir), demo: true }
    : { root: path.resolve(loaded.dir, root), demo: false };
}
