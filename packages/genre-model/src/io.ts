import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { featureParamsSchema } from '@audio-dl/dataset';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { FastBatchNorm } from './layers/fast-batch-norm';
import { FastLstm } from './layers/fast-lstm';
import {
  consistencyProblems,
  fileRecordSchema,
  ModelCheckError,
  manifestBytes,
  manifestWeightSchema,
  recordProblem,
  weightSizeProblem,
} from './model-checks';
import { modelNames } from './models';
import { recipeSchema } from './recipe';
import { splitSchema } from './split';
import { standardizationSchema } from './standardize';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const META_JSON = 'audio-dl.json';

const modelFilesSchema = z.object({ [MODEL_JSON]: fileRecordSchema, [WEIGHTS_BIN]: fileRecordSchema });
export type ModelFiles = z.infer<typeof modelFilesSchema>;

/** `audio-dl.json`: everything besides the weights that scoring or predicting needs to reproduce training. */
/** Recorded for a model that averages several (`train --ensemble N`, `trainEnsemble`). */
export const ensembleSchema = z.object({
  members: z.number().int().min(2),
  /** Initialisation seed of each member, in the order their layers appear (`m1_…`, `m2_…`). */
  seeds: z.array(z.number().int()),
});

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

/** Versions recorded with every saved model. */
export function versions(): ModelMeta['versions'] {
  return { tfjs: tf.version.tfjs, genreModel: require('../package.json').version, node: process.version };
}

/** SHA-256 of a file, hex. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const exists = (path: string) =>
  stat(path).then(
    (s) => s,
    () => null,
  );

/**
 * Throws unless `dir` may take a saved model: absent, empty, or holding a previous model (its `audio-dl.json`).
 * `writeDirAtomic` applies it; a command checks it before training, so a refused `--out` costs no training.
 */
export async function checkModelDir(dir: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  const previous = await exists(resolve(dir));
  if (previous) {
    if (!previous.isDirectory()) throw new Error(`${dir}: exists and is not a directory`);
    const entries = await readdir(resolve(dir));
    if (entries.length > 0 && !entries.includes(META_JSON))
      throw new Error(`${dir}: not empty and not a saved model (no ${META_JSON}); refusing to replace it`);
  }
  return previous;
}

/**
 * Fills a fresh temporary sibling of `dir` with `fill`, then swaps it in for `dir`, so a failed or
 * interrupted run never leaves a half-written model. An existing `dir` is replaced only if it is empty
 * or holds a previous model (its `audio-dl.json`).
 */
export async function writeDirAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const target = resolve(dir);
  const previous = await checkModelDir(dir);
  await mkdir(dirname(target), { recursive: true });
  // mkdir (not mkdtemp, which makes 0700) so the folder gets the user's usual permissions (0755 under umask 022).
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
  await mkdir(tmp);
  try {
    await fill(tmp);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  if (previous) {
    const old = `${tmp}.old`;
    await rename(target, old);
    await rename(tmp, target);
    await rm(old, { recursive: true, force: true });
  } else await rename(tmp, target);
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes `model.json` + `weights.bin` (tfjs layers format) and `audio-dl.json` into `dir`, recording the
 * byte size and SHA-256 of the first two in `audio-dl.json`'s `files` so `loadModel` can check them.
 */
export async function saveModel(dir: string, model: tf.LayersModel, meta: ModelMeta): Promise<void> {
  const checked = modelMetaSchema.parse(meta);
  let files: ModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = Buffer.from(
        artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0),
      );
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      const jsonBytes = Buffer.from(JSON.stringify(modelJson));
      await writeFile(join(dir, WEIGHTS_BIN), weightData);
      await writeFile(join(dir, MODEL_JSON), jsonBytes);
      files = {
        [MODEL_JSON]: { bytes: jsonBytes.length, sha256: sha256(jsonBytes) },
        [WEIGHTS_BIN]: { bytes: weightData.length, sha256: sha256(weightData) },
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  await writeFile(join(dir, META_JSON), `${JSON.stringify({ ...checked, files }, null, 2)}\n`);
}

// Weight files are plain names inside the model folder, never paths that leave it.
const weightPathSchema = z
  .string()
  .regex(/^[^/\\]+$/, 'must be a file name in the model folder')
  .refine((p) => p !== '..' && p !== '.', 'must be a file name in the model folder');

const modelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(weightPathSchema), weights: z.array(manifestWeightSchema) })),
});

type Constructor = tf.serialization.SerializableConstructor<tf.serialization.Serializable>;

// Our layers save as the plain tfjs classes; loading maps them back.
const FAST_LAYERS: Record<string, Constructor> = {
  LSTM: FastLstm as unknown as Constructor,
  BatchNormalization: FastBatchNorm as unknown as Constructor,
};

/**
 * Runs `load` with saved `LSTM` / `BatchNormalization` layers deserialised as `FastLstm` /
 * `FastBatchNorm`, so a loaded model computes exactly as the trained one did, and as fast.
 */
async function withFastLayers<T>(load: () => Promise<T>): Promise<T> {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  const originals = Object.fromEntries(Object.keys(FAST_LAYERS).map((name) => [name, map[name]]));
  for (const [name, cls] of Object.entries(FAST_LAYERS)) map[name] = [cls, originals[name][1]];
  try {
    return await load();
  } finally {
    Object.assign(map, originals);
  }
}

/** Reads a file of a saved model; a missing or unreadable one is one line naming it. */
async function readModelFile(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ModelCheckError([
      code === 'ENOENT'
        ? `${join(dir, name)}: missing (a saved model needs it)`
        : `${join(dir, name)}: cannot read it (${code})`,
    ]);
  }
}

function parseJson(path: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ModelCheckError([`${path}: not valid JSON (${(err as Error).message})`]);
  }
}

const failIf = (problems: (string | null)[]): void => {
  const lines = problems.filter((p): p is string => p !== null);
  if (lines.length > 0) throw new ModelCheckError(lines);
};

/**
 * Reads a saved model and its `audio-dl.json` back (no tfjs-node: files are read here and handed to
 * tfjs), after checking it: each file's size and SHA-256 against `audio-dl.json`'s `files`, the weight
 * manifest against the weight files' sizes, then the built model against `mapping`, `inputShape`,
 * `sampleShape`, the feature parameters and the standardisation statistics. Any failure throws a
 * `ModelCheckError` (one line per failure, naming file, field, found and expected) and nothing is returned.
 * Models saved before `files` was recorded are checked for everything else.
 */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; meta: ModelMeta }> {
  const metaPath = join(dir, META_JSON);
  let metaBytes: Buffer;
  try {
    metaBytes = await readFile(metaPath);
  } catch {
    throw new ModelCheckError([`${dir}: not a saved model (cannot read ${META_JSON})`]);
  }
  const metaResult = modelMetaSchema.safeParse(parseJson(metaPath, metaBytes));
  if (!metaResult.success)
    throw new ModelCheckError([
      `${metaPath}: ${metaResult.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    ]);
  const meta = metaResult.data;
  const jsonPath = join(dir, MODEL_JSON);
  const jsonBytes = await readModelFile(dir, MODEL_JSON);
  if (meta.files) failIf([recordProblem(jsonPath, jsonBytes, sha256(jsonBytes), meta.files[MODEL_JSON])]);
  const modelJson = parseJson(jsonPath, jsonBytes);
  const checked = modelJsonSchema.safeParse(modelJson);
  if (!checked.success)
    throw new ModelCheckError([
      `${jsonPath}: not a tfjs layers model (${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    ]);
  // Every manifest group's files, concatenated in manifest order, as tfjs' own loaders do.
  const paths = checked.data.weightsManifest.flatMap((g) => g.paths);
  const buffers = await Promise.all(paths.map((p) => readModelFile(dir, p)));
  const found = buffers.reduce((sum, b) => sum + b.length, 0);
  const sizeProblem = weightSizeProblem(found, manifestBytes(checked.data.weightsManifest.flatMap((g) => g.weights)));
  failIf([sizeProblem && `${paths.map((p) => join(dir, p)).join(' + ')}: ${sizeProblem}`]);
  const weightsAt = paths.indexOf(WEIGHTS_BIN);
  if (meta.files && weightsAt >= 0) {
    const bytes = buffers[weightsAt];
    failIf([recordProblem(join(dir, WEIGHTS_BIN), bytes, sha256(bytes), meta.files[WEIGHTS_BIN])]);
  }
  const weightData = tf.io.CompositeArrayBuffer.join(
    buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  );
  let model: tf.LayersModel;
  try {
    model = await withFastLayers(() =>
      tf.loadLayersModel({
        load: () =>
          tf.io.getModelArtifactsForJSON(modelJson as tf.io.ModelJSON, async (manifest) => [
            manifest.flatMap((g) => g.weights),
            weightData,
          ]),
      }),
    );
  } catch (err) {
    throw new ModelCheckError([`${jsonPath}: tfjs cannot build the model (${(err as Error).message})`]);
  }
  const problems = consistencyProblems(meta, model, metaPath);
  if (problems.length > 0) {
    model.dispose();
    throw new ModelCheckError(problems);
  }
  return { model, meta };
}
