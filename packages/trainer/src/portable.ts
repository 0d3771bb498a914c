// The portable part of @audio-dl/trainer (`@audio-dl/trainer/portable`): the schemas and the seeded generator that
// a model's description needs, with no Node import (the loop's replicas use worker threads), so a web page that
// loads a model bundles none of the training side.
export { type AugmentInput, type AugmentOptions, augmentOverrideSchema, augmentSchema } from './augment/options';
export { type Schedule, scheduleSchema } from './callbacks/learning-rate-schedule';
export { type History, historySchema } from './history';
export { shuffleInPlace, withSeededMathRandom } from './random';
