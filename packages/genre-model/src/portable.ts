// The portable part of @audio-dl/genre-model (`@audio-dl/genre-model/portable`): a saved model loaded from its
// files' bytes and the prediction path of `audio-dl predict`, with no Node built-in, so a web page predicts exactly
// as the command does (with `registerWasmKernels` of @audio-dl/tfjs-kernels). Training and saving stay in the main
// entry (index.ts).

export { type ModelMeta, modelMetaSchema } from './meta';
export { ModelCheckError } from './model-checks';
export {
  decodeOptionsFor,
  failedPrediction,
  predictBytes,
  predictionParams,
  predictSignal,
} from './predict-audio';
export { loadSavedModel, type ModelSource, webSha256 } from './saved-model';
export * from './timeline';
export type { FilePrediction, GenreScore } from './timeline/formats';
