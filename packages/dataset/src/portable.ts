// The portable part of @audio-dl/dataset (`@audio-dl/dataset/portable`): feature parameters and the per-track
// segmenting and featurising, with no Node built-in or worker pool, so a browser featurises audio exactly as
// `preprocess` does. The main entry (index.ts) re-exports all of it.

export type { Dataset, RowFields } from './dataset';
export {
  checkBands,
  defaultFeatureParams,
  type FeatureKind,
  type FeatureParams,
  type FeatureParamsInput,
  featureBands,
  featureKinds,
  featureParamsSchema,
  featureShape,
  LOGMEL_BANDS,
  melRangeText,
  minClipSeconds,
  type SegmentLayout,
  segmentLayout,
  tooShortReason,
  withDefaultFeatures,
} from './params';
export {
  centred,
  clipSegmentCount,
  type SegmentExtractor,
  segmentSpan,
  type TrackFeatures,
  trackFeatures,
} from './segments';
export { isSilent, SILENT_PEAK } from './silence';
export { type SourceOptions, type SourceOptionsInput, sourceOptionsSchema } from './source-options';
