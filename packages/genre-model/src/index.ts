export { ADDITION_PROBES, type AdditionOptions, type AdditionResult, runAddition } from './addition-task';
export { BACKENDS, type BackendInfo, type BackendName, backendInfo, initBackend } from './backend';
export { type GenreData, hasTracks } from './data';
export { checkCompatible, type Evaluation, evaluateModel, scoreData } from './evaluate';
export { type FitOptions, fitModel, type History, historySchema } from './fit';
export {
  checkModelDir,
  hashFile,
  loadModel,
  type ModelMeta,
  modelMetaSchema,
  saveModel,
  writeDirAtomic,
} from './io';
export { FastAdam, fastAdam } from './layers/fast-adam';
export { FastBatchNorm, type FastBatchNormArgs, fastBatchNorm } from './layers/fast-batch-norm';
export { FastLstm, type FastLstmArgs, fastLstm, lstmRecurrence } from './layers/fast-lstm';
export { computeMetrics, formatMetrics, type Metrics, metricsSchema } from './metrics';
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
export { type FilePrediction, type GenreScore, predictFiles } from './predict';
export { KerasProgress, type Logs, type ProgressSink } from './progress';
export { HISTORY_JSON, METRICS_JSON, saveTrainingRun } from './save-run';
export { type Split, type SplitOptions, splitData, splitSchema } from './split';
export { applyStandardization, fitStandardization, type Standardization } from './standardize';
export { modelSummary } from './summary';
export {
  checkModelFits,
  type TrainContext,
  type TrainOptions,
  type TrainResult,
  trainGenreModel,
  trainOptionsSchema,
} from './train';
