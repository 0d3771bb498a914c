import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { featureParamsSchema } from '@audio-dl/dataset';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { FastBatchNorm } from './layers/fast-batch-norm';
import { FastLstm } from './layers/fast-lstm';
import { modelNames } from './models';
import { splitSchema } from './split';
import { standardizationSchema } from './standardize';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const META_JSON = 'audio-dl.json';

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
  }),
  data: z.object({ path: z.string(), sha256: z.string(), samples: z.number().int() }),
  backend: z.string(),
  versions: z.object({ tfjs: z.string(), genreModel: z.string(), node: z.string() }),
  createdAt: z.string(),
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
  const tmp = await mkdtemp(join(dirname(target), `.${basename(target)}.tmp-`));
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

/** Writes `model.json` + `weights.bin` (tfjs layers format, as `tf.loadLayersModel` reads them) and `audio-dl.json` into `dir`. */
export async function saveModel(dir: string, model: tf.LayersModel, meta: ModelMeta): Promise<void> {
  const checked = modelMetaSchema.parse(meta);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData
        ? tf.io.CompositeArrayBuffer.join(artifacts.weightData)
        : new ArrayBuffer(0);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      await writeFile(join(dir, WEIGHTS_BIN), Buffer.from(weightData));
      await writeFile(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  await writeFile(join(dir, META_JSON), `${JSON.stringify(checked, null, 2)}\n`);
}

const modelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(z.unknown()) })),
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

/** Reads a saved model and its `audio-dl.json` back (no tfjs-node: files are read here and handed to tfjs). */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; meta: ModelMeta }> {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name));
    } catch {
      throw new Error(`${dir}: not a saved model (cannot read ${name})`);
    }
  };
  const parseJson = (name: string, bytes: Buffer): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      throw new Error(`${join(dir, name)}: not valid JSON (${(err as Error).message})`);
    }
  };
  const metaResult = modelMetaSchema.safeParse(parseJson(META_JSON, await read(META_JSON)));
  if (!metaResult.success)
    throw new Error(
      `${join(dir, META_JSON)}: ${metaResult.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const modelJson = parseJson(MODEL_JSON, await read(MODEL_JSON));
  const checked = modelJsonSchema.safeParse(modelJson);
  if (!checked.success) throw new Error(`${join(dir, MODEL_JSON)}: not a tfjs layers model`);
  // Every manifest group's files, concatenated in manifest order, as tfjs' own loaders do.
  const buffers = await Promise.all(checked.data.weightsManifest.flatMap((g) => g.paths).map((p) => read(p)));
  const weightData = tf.io.CompositeArrayBuffer.join(
    buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  );
  const model = await withFastLayers(() =>
    tf.loadLayersModel({
      load: () =>
        tf.io.getModelArtifactsForJSON(modelJson as tf.io.ModelJSON, async (manifest) => [
          manifest.flatMap((g) => g.weights),
          weightData,
        ]),
    }),
  );
  return { model, meta: metaResult.data };
}
