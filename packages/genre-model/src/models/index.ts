import type { FeatureParams } from '@audio-dl/dataset/portable';
import type * as tf from '@tensorflow/tfjs';
import { addition } from './addition';
import { cnn } from './cnn';
import { lstm } from './lstm';
import { melCnn } from './mel-cnn';
import { mlp } from './mlp';
import { mlpRegularized } from './mlp-regularized';
import { stats } from './stats';
// Registers the fast Orthogonal initializer for building and for loading saved LSTMs.
import './orthogonal';
import type { ModelName } from '../model-names';
import type { BuildOptions, ModelSpec } from './spec';

export { type ModelName, modelNames } from '../model-names';
export type { BuildOptions, ModelDefaults, ModelSpec } from './spec';
export { formatShape, ShapeError } from './spec';

const registry: Record<ModelName, ModelSpec> = {
  addition,
  mlp,
  'mlp-regularized': mlpRegularized,
  cnn,
  lstm,
  stats,
  'mel-cnn': melCnn,
};

export function modelSpec(name: ModelName): ModelSpec {
  return registry[name];
}

/** `clip` (when given) for data cut into clip-length segments (`segmentSeconds`), else `value`. */
function forData<T>(params: FeatureParams | null | undefined, value: T, clip: T | undefined): T {
  return params?.segmentSeconds === undefined ? value : (clip ?? value);
}

/** Model `name`'s epochs for data with feature parameters `params`: its `clipEpochs` for clip-length segments. */
export function defaultEpochs(name: ModelName, params: FeatureParams | null | undefined): number {
  const { epochs, clipEpochs } = registry[name].defaults;
  return forData(params, epochs, clipEpochs);
}

/**
 * Model `name`'s width for data with feature parameters `params`: its `clipWidth` for clip-length segments;
 * undefined for a model built in one width.
 */
export function defaultWidth(name: ModelName, params: FeatureParams | null | undefined): number | undefined {
  const { width, clipWidth } = registry[name].defaults;
  return forData(params, width, clipWidth);
}

/** Builds and compiles model `name` for samples of `sampleShape` (e.g. [130, 13]). */
export function buildModel(
  name: ModelName,
  sampleShape: readonly number[],
  numClasses: number,
  opts: BuildOptions = {},
): tf.LayersModel {
  const spec = registry[name];
  return spec.build(spec.inputShape(sampleShape), numClasses, opts);
}

/** Frees a model and its optimizer's state (a compiled model does not own an optimizer passed as an object). */
export function disposeModel(model: tf.LayersModel): void {
  // The optimizer is only reachable through the compiled model; an uncompiled one has none.
  (model.optimizer as tf.Optimizer | undefined)?.dispose();
  model.dispose();
}
