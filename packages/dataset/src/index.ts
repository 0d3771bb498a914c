// Public API of @audio-dl/dataset. The portable part (feature parameters, per-track segmenting and featurising) comes
// from portable.ts, also published on its own as `@audio-dl/dataset/portable`; the rest reads and writes files.

export { readDatasetArrow, writeDatasetArrow } from './arrow';
export { writeAtomic, writeDirAtomic, writeFileAtomic } from './atomic';
export {
  type AugmentDraw,
  augmentWaveform,
  WAVEFORM_AUGMENT_RANGES,
  type WaveformAugment,
  type WaveformAugmentInput,
  type WaveformAugmentKind,
  waveformAugmentKinds,
  waveformAugmentSchema,
} from './augment';
export { type Clip, type ClipList, clipName } from './clip';
export { parseCsv } from './csv';
export { hashDataset } from './hash';
export { type JsonWriteOptions, pyFloat, writeDatasetJson } from './json';
export { datasetJsonSchema, parseDatasetJson } from './json-read';
export { compileLabelPattern, listByPattern } from './label-pattern';
export { loadDataset } from './load';
export { type ManifestRow, manifestRowSchema, parseManifest, readManifest } from './manifest';
export {
  PARQUET_COMPRESSIONS,
  type ParquetCompression,
  type ParquetWriteOptions,
  writeDatasetParquet,
} from './parquet';
export { createPool } from './pool';
export * from './portable';
export {
  type PreprocessOptions,
  type PreprocessSummary,
  type ProgressEvent,
  preprocess,
  type ShortTrack,
  shortTrackWarning,
} from './preprocess';
export { chooseSegmentSeconds, type SegmentChoice, segmentChoiceFor } from './segment-length';
export { parseShard, type Shard, shardSchema, shardSlice } from './shard';
export { listClips } from './sources';
export {
  type DatasetBatch,
  type DatasetChunk,
  type DatasetScan,
  type StreamOptions,
  scanDataset,
  streamDataset,
} from './stream';
export { DATASET_FORMAT, datasetTable, FLAT_FORMAT } from './table';
export { VERSION } from './version';
export { AUDIO_EXTENSIONS, type SkippedFile, type Track, type WalkOptions, type WalkResult, walkTree } from './walk';
export { DATASET_FORMATS, type DatasetFormat, formatOf, writeDataset } from './write';
