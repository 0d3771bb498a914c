import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from '@audio-dl/dataset';
import { disposeModel, loadModel, MODEL_JSON, type ModelMeta } from '@audio-dl/genre-model';
import { strToU8, zipSync } from 'fflate';
import {
  FLOAT32_POLICY,
  type JsonObject,
  KerasExportError,
  type KerasLayer,
  kerasObject,
  type Shape,
  type Tensor,
  type TfjsLayer,
  translateLayer,
} from './keras-layers';

type LayersModel = Awaited<ReturnType<typeof loadModel>>['model'];

/** The Keras release this archive layout was checked against (written to metadata.json as Keras does). */
export const KERAS_VERSION = '3.15.1';

/** A Keras functional model: its nodes in order, the first its `InputLayer`, the last its output. */
export interface KerasModel {
  name: string;
  layers: KerasLayer[];
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The layers of a loaded tfjs Sequential model: class, config as model.json holds it, weights by name, shapes. */
export function tfjsLayers(model: LayersModel): TfjsLayer[] {
  if (model.getClassName() !== 'Sequential')
    throw new KerasExportError(
      `the Keras export takes Sequential models, not ${model.getClassName()} (every genre-model model but an ensemble is Sequential)`,
    );
  const topology = model.toJSON(null, false) as unknown as {
    config: { layers: { class_name: string; config: JsonObject }[] };
  };
  return topology.config.layers.map(({ class_name, config }) => {
    const layer = model.getLayer(String(config.name));
    // The variables' own tensors (tfjs returns them, not copies): read, never disposed here.
    const values = layer.getWeights();
    const weights = new Map<string, Tensor>();
    layer.weights.forEach((w, i) => {
      // `dense/kernel` → `kernel`; what tfjs calls a weight inside its layer.
      const key = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      weights.set(key, { shape: [...w.shape] as number[], data: Float32Array.from(values[i].dataSync()) });
    });
    const shape = (s: unknown): Shape => [...(s as Shape)];
    return {
      className: class_name,
      config,
      weights,
      inputShape: shape((layer.input as unknown as { shape: Shape }).shape),
      outputShape: shape(layer.outputShape),
    };
  });
}

/**
 * The Keras model of a tfjs genre model: it takes one segment's features as the feature extractor
 * (and librosa) gives them, [frames, coefficients]; standardisation is folded in as a `Normalization`
 * layer, a `Reshape` gives models such as the CNN their own input shape, then the translated layers.
 */
export function kerasGraph(layers: TfjsLayer[], meta: ModelMeta, name: string): KerasModel {
  const taken = new Set(layers.map((l) => String(l.config.name)));
  const fresh = (base: string): string => {
    let n = base;
    for (let i = 1; taken.has(n); i++) n = `${base}_${i}`;
    taken.add(n);
    return n;
  };
  const sample: Shape = [null, ...meta.sampleShape];
  const nodes: KerasLayer[] = [
    {
      className: 'InputLayer',
      config: { batch_shape: sample, dtype: 'float32', sparse: false, name: fresh('input_layer') },
      vars: [],
      inputs: [],
      outputShape: sample,
    },
  ];
  const last = () => String(nodes[nodes.length - 1].config.name);
  if (meta.standardization)
    nodes.push({
      className: 'Normalization',
      config: {
        name: fresh('standardize'),
        trainable: false,
        dtype: FLOAT32_POLICY,
        axis: -1,
        invert: false,
        mean: meta.standardization.mean,
        // Keras divides by sqrt(variance); genre-model divides by std.
        variance: meta.standardization.std.map((s) => s * s),
      },
      vars: [],
      inputs: [last()],
      outputShape: sample,
    });
  if (!same(meta.sampleShape, meta.inputShape))
    nodes.push({
      className: 'Reshape',
      config: { name: fresh('to_model_input'), trainable: true, dtype: FLOAT32_POLICY, target_shape: meta.inputShape },
      vars: [],
      inputs: [last()],
      outputShape: [null, ...meta.inputShape],
    });
  for (const layer of layers) nodes.push(...translateLayer(layer, last()));
  return { name, layers: nodes };
}

/** A Keras 3 functional-model tensor reference: the output of node `name`. */
function tensorRef(name: string, shapes: Map<string, Shape>): JsonObject {
  return {
    class_name: '__keras_tensor__',
    config: { shape: shapes.get(name) ?? null, dtype: 'float32', keras_history: [name, 0, 0] },
  };
}

/** `config.json` of a Keras 3 archive holding `model` (a functional model, as Keras 3 writes one). */
export function kerasConfig(model: KerasModel): JsonObject {
  const shapes = new Map(model.layers.map((l) => [String(l.config.name), l.outputShape]));
  const layers = model.layers.map((l) => {
    const name = String(l.config.name);
    const args = l.inputs.map((x) =>
      typeof x === 'number' ? x : Array.isArray(x) ? x.map((n) => tensorRef(n, shapes)) : tensorRef(x, shapes),
    );
    return {
      ...(l.op
        ? { ...kerasObject('keras.src.ops.numpy', l.className, l.config), registered_name: l.className }
        : kerasObject('keras.layers', l.className, l.config)),
      name,
      inbound_nodes: l.inputs.length === 0 ? [] : [{ args, kwargs: {} }],
    };
  });
  const input = String(model.layers[0].config.name);
  const output = String(model.layers[model.layers.length - 1].config.name);
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: { name: model.name, trainable: true, layers, input_layers: [input, 0, 0], output_layers: [output, 0, 0] },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    compile_config: null,
  };
}

/** Keras' `naming.to_snake_case`: the name under which an archive stores a layer's variables. */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * Where Keras 3 looks for each layer's variables in `model.weights.h5`: `layers/<class in snake case>`,
 * `_1`, `_2`, … for repeats (not the layer's name), then `vars/0`, `vars/1`, … in the layer's order.
 * Operations hold no variables and get no group (null).
 */
export function kerasWeightPaths(model: KerasModel): (string | null)[] {
  const used = new Map<string, number>();
  return model.layers.map((l) => {
    if (l.op) return null;
    const base = snakeCase(l.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    return `layers/${n === undefined ? base : `${base}_${n + 1}`}`;
  });
}

/** Writes `model.weights.h5` for `model` at `path` (HDF5 through h5wasm, laid out as Keras 3 saves it). */
export async function writeKerasWeights(model: KerasModel, path: string): Promise<void> {
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const file = new h5.File(path, 'w');
  try {
    file.create_group('layers');
    const paths = kerasWeightPaths(model);
    model.layers.forEach((layer, i) => {
      const path = paths[i];
      if (path === null) return;
      const group = file.create_group(path);
      let vars = group.create_group('vars');
      vars.create_attribute('name', String(layer.config.name));
      if (layer.cell) {
        vars = group.create_group('cell').create_group('vars');
        vars.create_attribute('name', layer.cell);
      }
      layer.vars.forEach((t, v) => {
        vars.create_dataset({ name: String(v), data: t.data, shape: t.shape, dtype: '<f' });
      });
    });
    file.create_group('vars').create_attribute('name', model.name);
  } finally {
    file.close();
  }
}

/** What `audio-dl export --format keras` wrote. */
export interface KerasExport {
  out: string;
  bytes: number;
  layers: string[];
  params: number;
}

const dateSaved = (d: Date) => d.toISOString().slice(0, 19).replace('T', '@');

/** `metadata.json`: Keras' own two fields, and under `audio_dl` what a user needs to feed the model. */
function kerasMetadata(meta: ModelMeta, modelDir: string, version: string): JsonObject {
  return {
    keras_version: KERAS_VERSION,
    date_saved: dateSaved(new Date()),
    audio_dl: {
      format: 'audio-dl-keras',
      version: 1,
      exported_by: `audio-dl ${version}`,
      model: meta.model,
      mapping: meta.mapping,
      feature_params: meta.featureParams,
      input_shape: meta.sampleShape,
      input:
        meta.featureParams?.features === 'logmel'
          ? "one segment's librosa.power_to_db(librosa.feature.melspectrogram(...)).T with feature_params: frames × nMels, not standardised"
          : "one segment's librosa.feature.mfcc(...).T with feature_params: frames × nMfcc, not standardised",
      standardization: meta.standardization ? 'folded into the model (its first layer, Normalization)' : null,
      output: 'probabilities over mapping, one row per segment; average a track’s segments',
      source: {
        folder: modelDir,
        created_at: meta.createdAt,
        files: (meta.files as JsonObject | undefined) ?? null,
        tfjs: meta.versions.tfjs,
      },
    },
  };
}

/**
 * A Keras 3 archive (`config.json`, `metadata.json`, `model.weights.h5`) of a tfjs Sequential `model`
 * described by `meta`; `source` names the model folder in metadata.json and in errors.
 */
export async function kerasArchive(
  model: LayersModel,
  meta: ModelMeta,
  source: string,
  version: string,
): Promise<{ archive: Uint8Array; layers: string[] }> {
  if (meta.ensemble)
    throw new KerasExportError(
      `${join(source, 'audio-dl.json')}: ensemble: an average of ${meta.ensemble.members} models (train --ensemble); the Keras export takes a single model (train without --ensemble)`,
    );
  let keras: KerasModel;
  try {
    keras = kerasGraph(tfjsLayers(model), meta, model.name);
  } catch (err) {
    if (err instanceof KerasExportError) throw new KerasExportError(`${join(source, MODEL_JSON)}: ${err.message}`);
    throw err;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'audio-dl-keras-'));
  let weights: Uint8Array;
  try {
    const h5 = join(scratch, 'model.weights.h5');
    await writeKerasWeights(keras, h5);
    weights = await readFile(h5);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const json = (v: JsonObject) => strToU8(JSON.stringify(v, null, 2));
  // Stored, not deflated, as Keras writes its archives.
  const archive = zipSync(
    {
      'metadata.json': json(kerasMetadata(meta, source, version)),
      'config.json': json(kerasConfig(keras)),
      'model.weights.h5': weights,
    },
    { level: 0 },
  );
  return { archive, layers: keras.layers.slice(1).map((l) => l.className) };
}

/**
 * Writes the saved model in `modelDir` (checked as `loadModel` checks it) as a Keras 3 archive at `out`,
 * which `keras.models.load_model` reads. The file appears whole or not at all.
 */
export async function exportKeras(modelDir: string, out: string, version: string): Promise<KerasExport> {
  const { model, meta } = await loadModel(modelDir);
  try {
    const { archive, layers } = await kerasArchive(model, meta, modelDir, version);
    await writeAtomic(out, (tmp) => writeFile(tmp, archive));
    return { out, bytes: archive.length, layers, params: model.countParams() };
  } finally {
    disposeModel(model);
  }
}
