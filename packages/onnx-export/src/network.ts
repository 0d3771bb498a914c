import type { ModelMeta } from '@audio-dl/genre-model';
import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from './graph';
import { type JsonObject, type LayerInput, OnnxExportError, translateLayer, type Value, type Weight } from './layers';

interface SerialisedLayer {
  class_name: string;
  config: JsonObject;
  name?: string;
  inbound_nodes?: [string, number, number, unknown][][];
}

/** The layers of a loaded tfjs model in order, each with the names of the layers it reads (none: the model input). */
function layersOf(model: tf.LayersModel): { layer: SerialisedLayer; from: string[] }[] {
  const topology = model.toJSON(null, false) as unknown as {
    class_name: string;
    config: { layers: SerialisedLayer[] };
  };
  const { layers } = topology.config;
  if (topology.class_name === 'Sequential')
    return layers.map((layer, i) => ({ layer, from: i === 0 ? [] : [String(layers[i - 1].config.name)] }));
  // A functional model (an ensemble): each layer applied once, to the outputs its inbound node names.
  return layers.map((layer) => {
    const calls = layer.inbound_nodes ?? [];
    if (calls.length > 1) throw new OnnxExportError(`layer "${layer.config.name}" is applied more than once`);
    return { layer, from: (calls[0] ?? []).map(([name]) => name) };
  });
}

function weightsOf(model: tf.LayersModel, name: string): Map<string, Weight> {
  const layer = model.getLayer(name);
  // The variables' own tensors (tfjs returns them, not copies): read, never disposed here.
  const values = layer.getWeights();
  const weights = new Map<string, Weight>();
  layer.weights.forEach((w, i) => {
    // `dense/kernel` → `kernel`.
    const key = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    weights.set(key, { shape: [...w.shape] as number[], data: Float32Array.from(values[i].dataSync()) });
  });
  return weights;
}

/**
 * Adds the network to `g`: features `float32[batch, frames, bands]` (as audio-dl's data files hold them), standardised
 * with the training statistics, reshaped to the model's input, then every layer. Returns the probabilities' name.
 */
export function addNetwork(g: GraphBuilder, features: string, model: tf.LayersModel, meta: ModelMeta): string {
  let x = features;
  if (meta.standardization) {
    const { mean, std } = meta.standardization;
    x = g.node('Sub', [x, g.float('band_mean', mean)], {}, 'standardize/centre');
    x = g.node('Div', [x, g.float('band_std', std)], {}, 'standardize/scale');
  }
  const same =
    meta.sampleShape.length === meta.inputShape.length && meta.sampleShape.every((d, i) => d === meta.inputShape[i]);
  if (!same) x = g.node('Reshape', [x, g.int64('model_input_shape', [-1, ...meta.inputShape])], {}, 'to_model_input');
  const input: Value = { name: x, shape: [null, ...meta.inputShape], channelsFirst: false };
  const values = new Map<string, Value>();
  let last = input;
  for (const { layer, from } of layersOf(model)) {
    const name = String(layer.config.name);
    if (layer.class_name === 'InputLayer') {
      values.set(name, input);
      continue;
    }
    const inputs = from.length === 0 ? [input] : from.map((f) => values.get(f) ?? input);
    const tfLayer = model.getLayer(name);
    const spec: LayerInput = {
      name,
      className: layer.class_name,
      config: layer.config,
      weights: weightsOf(model, name),
      outputShape: [...(tfLayer.outputShape as (number | null)[])],
    };
    last = translateLayer(g, spec, inputs);
    values.set(name, last);
  }
  if (last.shape.length !== 2) throw new OnnxExportError(`the model's output has rank ${last.shape.length}, not 2`);
  return last.name;
}
