// The Node entry for using a saved model (`@audio-dl/genre-model/inference`): load a model folder (with every check
// `loadModel` makes) and predict audio files, on a backend started by `@audio-dl/tfjs-kernels/node`. It leaves out
// the training side — data readers (Arrow, Parquet), worker pools, progress bars, plots — so `audio-dl predict` loads
// only what predicting needs.
export { loadModel } from './io';
export type { ModelMeta } from './meta';
export { disposeModel } from './models';
export { predictFile, predictFiles } from './predict';
export { failedPrediction, predictionParams } from './predict-audio';
export * from './timeline';
export type { FilePrediction, GenreScore } from './timeline/formats';
