export { ADDITION_PROBES, type AdditionOptions, type AdditionResult, runAddition } from './addition-task';
export { type AugmentInput, type AugmentOptions, augmentSchema, type SpecAugmentOptions } from './augment/options';
export { BACKENDS, type BackendInfo, type BackendName, backendInfo, describeBackend, initBackend } from './backend';
export {
  memorySource,
  type SampleBlock,
  type SampleSource,
  type StreamedData,
  streamSource,
  streamStandardization,
  WINDOW_BYTES,
} from './batch-source';
export { type GenreData, hasTracks } from './data';
export { combineModels, memberSeed, trainEnsemble } from './ensemble';
export { checkCompatible, type Evaluation, evaluateModel, predictData, scoreData } from './evaluate';
export { type FitOptions, fitModel, type History, historySchema } from './fit';
export {
  type ClassifierFitOptions,
  type ClassifierSamples,
  type ClassifierShape,
  fitClassifier,
  fitClassifierSource,
} from './fit-classifier';
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
  writeDirAtomic,
} from './io';
export { FastAdam, fastAdam } from './layers/fast-adam';
export { FastBatchNorm, type FastBatchNormArgs, fastBatchNorm } from './layers/fast-batch-norm';
export { FastLstm, type FastLstmArgs, fastLstm, lstmRecurrence } from './layers/fast-lstm';
export { SummaryStats } from './layers/summary-stats';
export { computeMetrics, formatMetrics, type Metrics, metricsSchema } from './metrics';
export { ModelCheckError } from './model-checks';
export {
  buildModel,
  disposeModel,
  formatShape,
  type ModelName,
  type ModelSpec,
  modelNames,
  modelSpec,
  ShapeError,
} from './models';
export { DEFAULT_MEMORY_BYTES, describeOpened, memoryNeeded, type OpenedData, openData } from './open-data';
export { type FilePrediction, type GenreScore, predictFile, predictFiles } from './predict';
export { KerasProgress, type Logs, type ProgressSink } from './progress';
export { type Recipe, type RecipeInput, recipeSchema } from './recipe';
export { HISTORY_JSON, METRICS_JSON, saveTrainingRun } from './save-run';
export { learningRateAt, type Schedule } from './schedule';
export { type Split, type SplitInput, type SplitOptions, splitData, splitSchema } from './split';
export {
  applyStandardization,
  BandMoments,
  fitStandardization,
  type Standardization,
  standardizeInPlace,
} from './standardize';
export { modelSummary } from './summary';
export * from './timeline';
export {
  checkModelFits,
  recommendedModel,
  type TrainContext,
  type TrainingData,
  type TrainOptions,
  type TrainResult,
  trainGenreModel,
  trainOptionsSchema,
} from './train';
