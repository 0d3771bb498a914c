import type * as tf from '@tensorflow/tfjs';

/** The part of a serialised layers model this reads: its layers' class names and names. */
interface Topology {
  config: { layers: { class_name: string; config: { name: string } }[] };
}

function isTopology(t: unknown): t is Topology {
  const layers = (t as Topology | null)?.config?.layers;
  return (
    Array.isArray(layers) &&
    layers.every((l) => typeof l?.class_name === 'string' && typeof l?.config?.name === 'string')
  );
}

/**
 * `topology` (the model as tfjs serialises it) with every layer that serialises as its tfjs equivalent — the fused
 * layers do, so saved models load in tfjs and Keras alike — named by its own registered class instead, so that a
 * replica rebuilds the fused layer and not the equivalent (tfjs' LSTM and batch norm are several times slower).
 */
export function asRegisteredClasses(topology: unknown, model: tf.LayersModel): unknown {
  if (!isTopology(topology)) throw new Error(`model ${model.name}: its serialised topology lists no layers`);
  const own = new Map<string, string>();
  for (const layer of model.layers) {
    const registered = (layer.constructor as { className?: string }).className;
    if (registered !== undefined && registered !== layer.getClassName()) own.set(layer.name, registered);
  }
  const layers = topology.config.layers.map((l) => {
    const registered = own.get(l.config.name);
    return registered === undefined ? l : { ...l, class_name: registered };
  });
  return { ...topology, config: { ...topology.config, layers } };
}
