// Prediction over whole recordings, window by window (portable): what `portable.ts` and `inference.ts` re-export.
export { argmaxRow, audacityLabels, regionsCsv, type TimelineWindow, timelineCsv, type WindowResult } from './formats';
export { type LabelledRegion, mergeSegments } from './merge-segments';
export {
  parseSpan,
  type Span,
  spanSchema,
  type TimelineOptions,
  type TimelineOptionsInput,
  timelineOptionsSchema,
} from './options';
export {
  predictSource,
  predictWindows,
  type StreamedWindow,
  streamWindows,
  timelineWindow,
  type WindowedPrediction,
  type WindowPlan,
  windowLabels,
  windowPlan,
} from './predict-timeline';
export { smoothProbabilities } from './smooth';
