import {
  type ClassifierSamples,
  type FitOptions,
  fitSamples,
  LearningRateSchedule,
  type Schedule,
  type TrackRun,
  WeightDecay,
} from '@audio-dl/trainer';
import type * as tf from '@tensorflow/tfjs';

export type RecipeFitOptions = FitOptions & {
  learningRate: number;
  schedule: Schedule;
  weightDecay: number;
  runs: TrackRun[];
};

/** The trainer's loop on samples in memory with a recipe's schedule and weight decay, as `trainGenreModel` sets them. */
export function fitRecipe(
  model: tf.LayersModel,
  s: ClassifierSamples,
  train: Int32Array,
  val: Int32Array,
  opts: RecipeFitOptions,
) {
  const { schedule, weightDecay, callbacks = [], ...rest } = opts;
  return fitSamples(model, s, train, val, {
    ...rest,
    callbacks: [new LearningRateSchedule(schedule, opts.learningRate), new WeightDecay(weightDecay), ...callbacks],
  });
}
