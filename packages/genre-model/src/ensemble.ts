import * as tf from '@tensorflow/tfjs';
import type { GenreData } from './data';
import { scoreData } from './evaluate';
import { disposeModel } from './models';
import { type TrainContext, type TrainOptions, type TrainResult, trainGenreModel, trainOptionsSchema } from './train';

/** Seed of member `j` (0-based) of an ensemble whose first member has `seed`: far apart, so no two runs share one. */
export const memberSeed = (seed: number, j: number): number => seed + 1000 * j;

interface LayerJson {
  class_name: string;
  config: Record<string, unknown> & { name: string };
}

/**
 * One functional model whose output is the mean of the members' outputs (class probabilities). The members'
 * layers are copied into one flat graph, renamed `m1_…`, `m2_…` so their weights keep distinct names, so the result
 * saves, loads and predicts like any genre model (one `model.json`, one `weights.bin`).
 */
export async function combineModels(members: tf.LayersModel[], name = 'ensemble'): Promise<tf.LayersModel> {
  if (members.length < 2) throw new RangeError(`an ensemble needs at least 2 models, got ${members.length}`);
  const inputShape = members[0].inputs[0].shape.slice(1);
  const layers: Record<string, unknown>[] = [
    {
      name: 'input',
      class_name: 'InputLayer',
      config: { name: 'input', batch_input_shape: [null, ...inputShape], dtype: 'float32', sparse: false },
      inbound_nodes: [],
    },
  ];
  const outputs: string[] = [];
  members.forEach((member, j) => {
    const topology = member.toJSON(null, false) as unknown as { class_name: string; config: { layers: LayerJson[] } };
    if (topology.class_name !== 'Sequential')
      throw new Error(`ensemble members must be Sequential models, member ${j + 1} is ${topology.class_name}`);
    let previous = 'input';
    for (const layer of topology.config.layers) {
      if (layer.class_name === 'InputLayer') continue;
      const renamed = `m${j + 1}_${layer.config.name}`;
      const { batch_input_shape: _shape, ...config } = layer.config;
      layers.push({
        name: renamed,
        class_name: layer.class_name,
        config: { ...config, name: renamed },
        inbound_nodes: [[[previous, 0, 0, {}]]],
      });
      previous = renamed;
    }
    outputs.push(previous);
  });
  layers.push({
    name: 'average',
    class_name: 'Average',
    config: { name: 'average' },
    inbound_nodes: [outputs.map((o) => [o, 0, 0, {}])],
  });
  const modelTopology = {
    class_name: 'Model',
    config: { name, layers, input_layers: [['input', 0, 0]], output_layers: [['average', 0, 0]] },
  };
  const model = await tf.models.modelFromJSON({ modelTopology } as unknown as tf.io.ModelJSON);
  // Layer by layer: a model lists all trainable weights before the non-trainable ones, so whole-model lists differ.
  members.forEach((member, j) => {
    for (const layer of member.layers) {
      if (layer.getClassName() === 'InputLayer' || layer.weights.length === 0) continue;
      model.getLayer(`m${j + 1}_${layer.name}`).setWeights(layer.getWeights());
    }
  });
  return model;
}

/**
 * Trains `members` models that differ only in their initialisation, dropout and augmentation seed (the split is
 * the same: `options.split.seed`), combines them (`combineModels`) and scores the combination on the test part. The
 * history and training record are the first member's (which is the model a plain `trainGenreModel` would give).
 */
export async function trainEnsemble(
  data: GenreData,
  options: TrainOptions,
  ctx: TrainContext & { onMember?: (member: number, of: number, seed: number) => void },
  members: number,
): Promise<TrainResult> {
  if (!Number.isInteger(members) || members < 2)
    throw new RangeError(`an ensemble needs at least 2 members, got ${members}`);
  const parsed = trainOptionsSchema.parse(options);
  const base = parsed.seed ?? parsed.split.seed;
  const seeds = Array.from({ length: members }, (_, j) => memberSeed(base, j));
  const results: TrainResult[] = [];
  try {
    for (const [j, seed] of seeds.entries()) {
      ctx.onMember?.(j + 1, members, seed);
      results.push(await trainGenreModel(data, { ...options, seed }, j === 0 ? ctx : { ...ctx, onModel: undefined }));
    }
    const model = await combineModels(results.map((r) => r.model));
    const [first] = results;
    const { meta, split } = first;
    const metrics = split.test.length === 0 ? null : scoreData(model, meta, data, split.test);
    return { model, meta: { ...meta, ensemble: { members, seeds } }, history: first.history, split, metrics };
  } finally {
    for (const r of results) disposeModel(r.model);
  }
}
