export { ARROW_FORMAT, datasetTable, readDatasetArrow, writeDatasetArrow } from './arrow';
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
export type { Dataset } from './dataset';
export {
  DEMO_GENERATOR_VERSION,
  DEMO_GENRES,
  type DemoOptions,
  type DemoSummary,
  demoOptionsSchema,
  generateDemoData,
  synthesizeTrack,
} from './demo';
export { type JsonWriteOptions, pyFloat, writeDatasetJson } from './json';
export { datasetJsonSchema, loadDataset, parseDatasetJson } from './load';
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
  type PreprocessOptions,
  type PreprocessSummary,
  type ProgressEvent,
  preprocess,
  type ShortTrack,
  shortTrackWarning,
} from './preprocess';
export { createProgress, type ProgressReporter } from './progress';
export { type SegmentExtractor, type TrackFeatures, trackFeatures } from './segments';
export { VERSION } from './version';
export { AUDIO_EXTENSIONS, type SkippedFile, type Track, type WalkOptions, type WalkResult, walkTree } from './walk';
