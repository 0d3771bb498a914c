import type * as tf from '@tensorflow/tfjs';

// The types of `Layer.addWeight`'s arguments, which tfjs does not export by name: the fused layers take tfjs's own
// initialisers, regularisers and constraints from the layer they stand in for.
type AddWeight = tf.layers.Layer['addWeight'];
export type Initializer = NonNullable<Parameters<AddWeight>[3]>;
export type Regularizer = Parameters<AddWeight>[4];
export type Constraint = Parameters<AddWeight>[6];
