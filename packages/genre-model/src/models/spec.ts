import type * as tf from '@tensorflow/tfjs';
import type { Pooling } from '../pooling';
import type { RecipeInput } from '../recipe';

/** Training defaults of a model, as the course sets them. */
export interface ModelDefaults {
  epochs: number;
  /**
   * Epochs for clips cut into clip-length segments (`segmentSeconds`), where a short clip is one row and an epoch
   * few optimiser steps (`defaultEpochs`); absent: `epochs`.
   */
  clipEpochs?: number;
  /** Channels of the first block of a model built in widths (`BuildOptions.width`); absent: the model has one width. */
  width?: number;
  /** The width for clip-length segments (`defaultWidth`); absent: `width`. */
  clipWidth?: number;
  batchSize: number;
  learningRate: number;
  /** Weight decay, schedule, label smoothing, augmentation; absent for the course's models (none of it). */
  recipe?: RecipeInput;
}

export interface BuildOptions {
  learningRate?: number;
  /** The global pooling of a model that has one (`ModelSpec.globalPooling`); absent: `average`. */
  pooling?: Pooling;
  /** Channels of the first block of a model that takes a width (`ModelDefaults.width`); absent: its default. */
  width?: number;
}

/** A model the registry can build by name. */
export interface ModelSpec {
  name: string;
  description: string;
  /** `classifier`: softmax over genres, sparse labels; `regressor`: one real output (§07 addition). */
  kind: 'classifier' | 'regressor';
  defaults: ModelDefaults;
  /**
   * How training spreads over threads: `data` (the default) gives each thread a shard of every batch; `operations`
   * keeps one copy of the model and splits each product across the threads (native kernels only). Dense-only
   * models take `operations`: their work per step is mostly in the weights (Adam, the products' weight side, the
   * exchange), which every data-parallel thread would repeat.
   */
  threading?: 'data' | 'operations';
  /** True when `build` reads `opts.pooling` (the recipe chooses it from the data: `recipePooling`). */
  globalPooling?: boolean;
  /** The model's input shape for samples of `sampleShape` (e.g. [frames, nMfcc]); throws `ShapeError` if it cannot take them. */
  inputShape(sampleShape: readonly number[]): number[];
  /** A compiled model (optimizer, loss and metrics as the course). */
  build(inputShape: number[], numClasses: number, opts?: BuildOptions): tf.LayersModel;
}

/** A sample shape the model cannot take. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

export const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Keras-style layer names (`dense`, `dense_1`, …) so summaries read like the course's. */
export function layerNamer(): (base: string) => string {
  const counts = new Map<string, number>();
  return (base) => {
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  };
}

/** Keras initialises Dense, Conv2D and LSTM kernels with glorot_uniform; tfjs defaults to glorotNormal. */
export const KERAS_KERNEL = { kernelInitializer: 'glorotUniform' } as const;
