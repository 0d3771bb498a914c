// Loading a saved model from its files' bytes, however they are read: from disk (io.ts, Node) or fetched (a page).
import { FastBatchNorm, FastLstm } from '@audio-dl/tfjs-kernels';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { META_JSON, MODEL_JSON, type ModelMeta, modelMetaSchema, WEIGHTS_BIN } from './meta';
import {
  consistencyProblems,
  type FileRecord,
  ModelCheckError,
  manifestBytes,
  manifestWeightSchema,
  recordProblem,
  weightSizeProblem,
} from './model-checks';

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

/** Where a saved model's files come from. */
export interface ModelSource {
  /** The folder (or URL) named when it is not a saved model. */
  dir: string;
  /** How a file of the model is named in messages. */
  path(name: string): string;
  /** A file's bytes; a missing or unreadable one throws a `ModelCheckError` naming it. */
  read(name: string): Promise<Uint8Array>;
  /**
   * SHA-256 of bytes, lowercase hex. Absent, only sizes are compared with `audio-dl.json` (a page served over plain
   * http from another host has no Web Crypto).
   */
  sha256?(bytes: Uint8Array): Promise<string>;
}

function parseJson(path: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ModelCheckError([`${path}: not valid JSON (${(err as Error).message})`]);
  }
}

const failIf = (problems: (string | null)[]): void => {
  const lines = problems.filter((p): p is string => p !== null);
  if (lines.length > 0) throw new ModelCheckError(lines);
};

const issues = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

/**
 * Builds a saved model and its `audio-dl.json` from `source`, after checking it: each file's size and SHA-256
 * against `audio-dl.json`'s `files`, the weight manifest against the weight files' sizes, then the built model
 * against `mapping`, `inputShape`, `sampleShape`, the feature parameters and the standardisation statistics. Any
 * failure throws a `ModelCheckError` (one line per failure, naming file, field, found and expected) and nothing is
 * returned. Models saved before `files` was recorded are checked for everything else.
 */
export async function loadSavedModel(source: ModelSource): Promise<{ model: tf.LayersModel; meta: ModelMeta }> {
  const metaPath = source.path(META_JSON);
  let metaBytes: Uint8Array;
  try {
    metaBytes = await source.read(META_JSON);
  } catch {
    throw new ModelCheckError([`${source.dir}: not a saved model (cannot read ${META_JSON})`]);
  }
  const metaResult = modelMetaSchema.safeParse(parseJson(metaPath, metaBytes));
  if (!metaResult.success) throw new ModelCheckError([`${metaPath}: ${issues(metaResult.error)}`]);
  const meta = metaResult.data;
  // Without a hash function the recorded hash stands in, so only the size is compared.
  const hashOf = async (bytes: Uint8Array, record: FileRecord): Promise<string> =>
    source.sha256 ? source.sha256(bytes) : record.sha256;
  const jsonPath = source.path(MODEL_JSON);
  const jsonBytes = await source.read(MODEL_JSON);
  if (meta.files)
    failIf([
      recordProblem(jsonPath, jsonBytes, await hashOf(jsonBytes, meta.files[MODEL_JSON]), meta.files[MODEL_JSON]),
    ]);
  const modelJson = parseJson(jsonPath, jsonBytes);
  const checked = modelJsonSchema.safeParse(modelJson);
  if (!checked.success) throw new ModelCheckError([`${jsonPath}: not a tfjs layers model (${issues(checked.error)})`]);
  // Every manifest group's files, concatenated in manifest order, as tfjs' own loaders do.
  const paths = checked.data.weightsManifest.flatMap((g) => g.paths);
  const buffers = await Promise.all(paths.map((p) => source.read(p)));
  const found = buffers.reduce((sum, b) => sum + b.length, 0);
  const sizeProblem = weightSizeProblem(found, manifestBytes(checked.data.weightsManifest.flatMap((g) => g.weights)));
  failIf([sizeProblem && `${paths.map((p) => source.path(p)).join(' + ')}: ${sizeProblem}`]);
  const weightsAt = paths.indexOf(WEIGHTS_BIN);
  if (meta.files && weightsAt >= 0) {
    const bytes = buffers[weightsAt];
    const record = meta.files[WEIGHTS_BIN];
    failIf([recordProblem(source.path(WEIGHTS_BIN), bytes, await hashOf(bytes, record), record)]);
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

/** SHA-256 through Web Crypto (browsers, and Node ≥ 20): for a `ModelSource` outside Node's own crypto. */
export async function webSha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
