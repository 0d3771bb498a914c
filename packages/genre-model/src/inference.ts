// The Node entry for using a saved model (`@audio-dl/genre-model/inference`): start a backend, load a model folder
// (with every check `loadModel` makes) and predict audio files. It leaves out the training side — data readers
// (Arrow, Parquet), worker pools, progress bars, plots — so `audio-dl predict` loads only what predicting needs.
export { BACKENDS, type BackendName, initBackend } from './backend';
export { loadModel } from './io';
export type { ModelMeta } from './meta';
export { disposeModel } from './models';
export { type FilePrediction, type GenreScore, predictFile, predictFiles } from './predict';
export { failedPrediction, predictionParams } from './predict-audio';
export * from './timeline';
