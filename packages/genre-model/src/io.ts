import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { META_JSON, MODEL_JSON, type ModelFiles, type ModelMeta, modelMetaSchema, WEIGHTS_BIN } from './meta';
import { ModelCheckError } from './model-checks';
import { loadSavedModel } from './saved-model';

export { META_JSON, MODEL_JSON, type ModelFiles, type ModelMeta, modelMetaSchema, WEIGHTS_BIN } from './meta';

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
 * `writeModelDir` applies it; a command checks it before training, so a refused `--out` costs no training.
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
 * Writes a saved model's folder in one swap (dataset's `writeDirAtomic`: a failed or interrupted run never leaves a
 * half-written model). An existing `dir` is replaced only if it is empty or holds a previous model (its `audio-dl.json`).
 */
export async function writeModelDir(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  await checkModelDir(dir);
  // Loaded here, not at the top: predicting (which imports this module) must not load dataset's Arrow and Parquet.
  const { writeDirAtomic } = await import('@audio-dl/dataset');
  await writeDirAtomic(dir, fill);
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

/** Reads a file of a saved model; a missing or unreadable one is one line naming it. */
async function readModelFile(dir: string, name: string): Promise<Uint8Array> {
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

/**
 * Reads a saved model and its `audio-dl.json` back from `dir` (no tfjs-node: files are read here and handed to
 * tfjs) after every check `loadSavedModel` makes; any failure throws a `ModelCheckError`.
 */
export function loadModel(dir: string): Promise<{ model: tf.LayersModel; meta: ModelMeta }> {
  return loadSavedModel({
    dir,
    path: (name) => join(dir, name),
    read: (name) => readModelFile(dir, name),
    sha256: async (bytes) => sha256(bytes),
  });
}
