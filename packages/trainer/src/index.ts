// @audio-dl/trainer: the training loop of tfjs classifiers (and of compiled models), its callbacks, data-parallel
// replicas and augmentation. It knows nothing of audio: samples are rows of `frames` × `bands` values.
export { copyCrop, type TrackRun, trackRuns } from './augment/crop';
export {
  type AugmentInput,
  type AugmentOptions,
  augmentOverrideSchema,
  augmentSchema,
  type SpecAugmentOptions,
} from './augment/options';
export type { Logs, StepSettings, TrainingCallback } from './callbacks/callback';
export { EarlyStopping } from './callbacks/early-stopping';
export {
  LearningRateSchedule,
  learningRateAt,
  type Schedule,
  scheduleSchema,
} from './callbacks/learning-rate-schedule';
export { KerasProgress, type ProgressSink } from './callbacks/progress';
export { decayedWeights, WeightDecay } from './callbacks/weight-decay';
export { type ClassifierSamples, type ClassifierShape, type FitOptions, fit, fitSamples } from './fit';
export { type History, historySchema } from './history';
export { forwardLogits } from './logits';
export { shuffleInPlace, withSeededMathRandom } from './random';
export { memorySource, type RowSplit, type SampleBlock, type SampleSource } from './source';
