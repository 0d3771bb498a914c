export { readDatasetArrow, writeDatasetArrow } from './arrow';
export { writeAtomic } from './atomic';
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
export type { Dataset, RowFields } from './dataset';
export {
  DEMO_GENERATOR_VERSION,
  DEMO_GENRES,
  type DemoOptions,
  type DemoSummary,
  demoOptionsSchema,
  generateDemoData,
  synthesizeTrack,
} from './demo';
export { hashDataset } from './hash';
export { type JsonWriteOptions, pyFloat, writeDatasetJson } from './json';
export { datasetJsonSchema, parseDatasetJson } from './json-read';
export { loadDataset } from './load';
export {
  defaultFeatureParams,
  type FeatureKind,
  type FeatureParams,
  type FeatureParamsInput,
  featureBands,
  featureKinds,
  featureParamsSchema,
  featureShape,
  type SegmentLayout,
  segmentLayout,
} from './params';
export {
  PARQUET_COMPRESSIONS,
  type ParquetCompression,
  type ParquetWriteOptions,
  writeDatasetParquet,
} from './parquet';
export {
  type PreprocessOptions,
  type PreprocessSummary,
  type ProgressEvent,
  preprocess,
  type ShortTrack,
  shortTrackWarning,
} from './preprocess';
export { createProgress, type ProgressReporter } from './progress';
export { type SegmentExtractor, type TrackFeatures, trackFeatures } from './segments';
export { parseShard, type Shard, shardSchema, shardSlice } from './shard';
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
