import { featureParamsSchema } from '@audio-dl/dataset/portable';
import { z } from 'zod';
import { fileRecordSchema } from './model-checks';
import { modelNames } from './models';
import { poolingSchema } from './pooling';
import { recipeSchema } from './recipe';
import { splitSchema } from './split-options';
import { standardizationSchema } from './standardize';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const META_JSON = 'audio-dl.json';

const modelFilesSchema = z.object({ [MODEL_JSON]: fileRecordSchema, [WEIGHTS_BIN]: fileRecordSchema });
export type ModelFiles = z.infer<typeof modelFilesSchema>;

/** Recorded for a model that averages several (`train --ensemble N`, `trainEnsemble`). */
export const ensembleSchema = z.object({
  members: z.number().int().min(2),
  /** Initialisation seed of each member, in the order their layers appear (`m1_…`, `m2_…`). */
  seeds: z.array(z.number().int()),
});

/** `audio-dl.json`: everything besides the weights that scoring or predicting needs to reproduce training. */
export const modelMetaSchema = z.object({
  format: z.literal('audio-dl-model'),
  version: z.literal(1),
  model: z.enum(modelNames),
  /** Shape of one sample in the data file ([frames, nMfcc]) and of the model's input. */
  sampleShape: z.array(z.number().int().positive()),
  inputShape: z.array(z.number().int().positive()),
  mapping: z.array(z.string()),
  /** The data file's feature parameters (sr, duration, segments, nMfcc, nFft, hopLength, nMels). */
  featureParams: featureParamsSchema.nullable(),
  standardization: standardizationSchema.nullable(),
  split: splitSchema,
  seed: z.number().int(),
  training: z.object({
    epochs: z.number().int(),
    batchSize: z.number().int(),
    learningRate: z.number(),
    patience: z.number().int().nullable(),
    epochsRun: z.number().int(),
    bestEpoch: z.number().int(),
    stoppedEarly: z.boolean(),
    /** Absent in models saved before recipes existed (they were trained without any). */
    recipe: recipeSchema.optional(),
    /** mel-cnn's global pooling (`recipePooling`); absent for other models and for models saved before it adapted (average). */
    pooling: poolingSchema.optional(),
    /** mel-cnn's first block's channels (`defaultWidth`); absent for other models and for models saved before it adapted (16). */
    width: z.number().int().positive().optional(),
    /** Threads that shared each batch; absent in models saved before training used more than one. */
    threads: z.number().int().positive().optional(),
    /** Loss weight of each genre (`--class-weights balanced`); absent: every genre weighs 1. */
    classWeights: z.array(z.number()).optional(),
    /**
     * How the rows were read (absent in models saved before streaming: in memory). `stream`: a seeded order of
     * chunks, shuffled a window of at least `windowRows` training rows at a time.
     */
    reading: z
      .object({ kind: z.enum(['memory', 'stream']), windowRows: z.number().int().positive().nullable() })
      .optional(),
  }),
  data: z.object({ path: z.string(), sha256: z.string(), samples: z.number().int() }),
  /** The waveform-augmented copies trained on (`train --augmented`), and what made them. */
  augmented: z
    .object({ path: z.string(), sha256: z.string(), samples: z.number().int(), augment: z.unknown() })
    .nullable()
    .optional(),
  /** Absent or null: one model. */
  ensemble: ensembleSchema.nullable().optional(),
  backend: z.string(),
  versions: z.object({ tfjs: z.string(), genreModel: z.string(), node: z.string() }),
  createdAt: z.string(),
  /** Size and SHA-256 of `model.json` and `weights.bin` at save time (absent in models saved before they were recorded). */
  files: modelFilesSchema.optional(),
});
export type ModelMeta = z.infer<typeof modelMetaSchema>;
