export { ADDITION_PROBES, type AdditionOptions, type AdditionResult, runAddition } from './addition-task';
export { type StreamedData, streamSource, streamStandardization, WINDOW_BYTES } from './batch-source';
export {
  type CrossValidationOptions,
  type CvFold,
  type CvResult,
  crossValidate,
  crossValidationFolds,
  cvResultSchema,
  formatCrossValidation,
  summarizeFolds,
} from './cross-validation';
export { type GenreData, hasFolds, hasGroups, hasTracks } from './data';
export { combineModels, memberSeed, trainEnsemble } from './ensemble';
export { checkCompatible, type Evaluation, evaluateModel, predictData, scoreData } from './evaluate';
export {
  checkModelDir,
  hashFile,
  loadModel,
  META_JSON,
  MODEL_JSON,
  type ModelFiles,
  type ModelMeta,
  modelMetaSchema,
  saveModel,
  WEIGHTS_BIN,
  writeModelDir,
} from './io';
export { computeMetrics, formatMetrics, type Metrics, metricsSchema } from './metrics';
export { ModelCheckError } from './model-checks';
export { modelSummary } from './model-summary';
export {
  buildModel,
  defaultEpochs,
  defaultWidth,
  disposeModel,
  formatShape,
  type ModelName,
  type ModelSpec,
  modelNames,
  modelSpec,
  ShapeError,
} from './models';
export { DEFAULT_MEMORY_BYTES, describeOpened, memoryNeeded, type OpenedData, openData } from './open-data';
export { type Pooling, poolingSchema, recipePooling } from './pooling';
export { predictFile, predictFiles } from './predict';
export { type Recipe, type RecipeInput, recipeSchema } from './recipe';
export { HISTORY_JSON, METRICS_JSON, saveTrainingRun } from './save-run';
export { splitData } from './split';
export { type Split, type SplitInput, type SplitOptions, splitSchema } from './split-options';
export {
  applyStandardization,
  BandMoments,
  fitStandardization,
  type Standardization,
  standardizeInPlace,
} from './standardize';
export * from './timeline';
export type { FilePrediction, GenreScore } from './timeline/formats';
export {
  balancedWeights,
  checkModelFits,
  recommendedModel,
  type TrainContext,
  type TrainingData,
  type TrainOptions,
  type TrainResult,
  trainGenreModel,
  trainOptionsSchema,
} from './train';
