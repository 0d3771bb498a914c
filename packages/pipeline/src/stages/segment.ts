import * as path from 'node:path';
import {
  clipSegmentCount,
  type FeatureParams,
  featureParamsSchema,
  minClipSeconds,
  type SegmentChoice,
  type SkippedFile,
  segmentChoiceFor,
  segmentLayout,
  tooShortReason,
  writeFileAtomic,
} from '@audio-dl/dataset';
import {
  Field,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { readJson, type StageContext, StageError, stageDir } from './io';
import { type TrackIndex, trackIndexSchema } from './records';

export const SEGMENTS_FORMAT = 'audio-dl-segments/1';

/**
 * The feature parameters the cut follows: the course's layout, or clip-length segments (`segment.seconds`, or with
 * `auto` a length chosen from the decoded clips' lengths when some clip is shorter than a course segment, as
 * `audio-dl preprocess` chooses with no layout given).
 */
function cutParams(ctx: StageContext, index: TrackIndex): { params: FeatureParams; choice: SegmentChoice | null } {
  const { duration, segments, seconds, minSeconds } = ctx.loaded.config.segment;
  const course = featureParamsSchema.parse({ sr: index.sr, duration, segments });
  const clips = (segmentSeconds: number) =>
    featureParamsSchema.parse({ ...course, segmentSeconds, ...(minSeconds === undefined ? {} : { minSeconds }) });
  if (typeof seconds === 'number') return { params: clips(seconds), choice: null };
  if (seconds === 'course') return { params: course, choice: null };
  const lengths = index.tracks.map((t) => t.samples / index.sr);
  const courseSeconds = segmentLayout(course).samplesPerSegment / index.sr;
  const choice = segmentChoiceFor(lengths, courseSeconds, 'segment.seconds in the config');
  return choice ? { params: clips(choice.seconds), choice } : { params: course, choice: null };
}

/**
 * Plans the cut (§09.3): `samplesPerSegment = floor(sr · duration / segments)` over the first `duration`
 * seconds; one row per segment with its sample range (`length` below `samplesPerSegment` marks a track
 * that ends early). Light on purpose: the samples stay in decode's Arrow file, so GTZAN is stored once.
 * With clip-length segments, each clip gives `clipSegmentCount` segments (one, padded, when shorter than a
 * segment), and a clip shorter than `minClipSeconds` is dropped and named.
 */
export async function segment(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const indexFile = path.join(stageDir(ctx.loaded, 'decode'), 'tracks.json');
  const index = await readJson(indexFile, 'segment', trackIndexSchema);
  const { duration, segments } = ctx.loaded.config.segment;
  let params: FeatureParams;
  let choice: SegmentChoice | null;
  let samplesPerSegment: number;
  try {
    ({ params, choice } = cutParams(ctx, index));
    ({ samplesPerSegment } = segmentLayout(params));
  } catch (err) {
    throw new StageError('segment', ctx.loaded.file, (err as Error).message);
  }
  if (choice) ctx.log(choice.reason);
  const anyLength = params.segmentSeconds !== undefined;
  const least = minClipSeconds(params);
  const droppedClips: SkippedFile[] = [];
  const tracks: string[] = [];
  const genres: number[] = [];
  const indices: number[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  let partial = 0;
  for (const t of index.tracks) {
    const used = Math.min(t.samples, Math.floor(index.sr * duration));
    if (anyLength && used / index.sr < least) {
      const reason = tooShortReason(used / index.sr, least, 'segment.minSeconds');
      ctx.log(`${t.track}: ${reason}`);
      droppedClips.push({ path: t.track, reason });
      continue;
    }
    const count = clipSegmentCount(used, params) ?? segments;
    for (let s = 0; s < count; s++) {
      const start = s * samplesPerSegment;
      if (start >= used) break;
      const length = Math.min(samplesPerSegment, used - start);
      if (length < samplesPerSegment) partial++;
      tracks.push(t.track);
      genres.push(t.genre);
      indices.push(s);
      starts.push(start);
      lengths.push(length);
    }
  }
  if (anyLength && tracks.length === 0)
    throw new StageError('segment', indexFile, `every clip is shorter than ${least.toFixed(3)} s (segment.minSeconds)`);
  const fields = ['genre', 'segment', 'start', 'length'].map((name) => new Field(name, new Int32(), false));
  const allFields = [new Field('track', new Utf8(), false), ...fields];
  const n = tracks.length;
  const children = [
    vectorFromArray(tracks, new Utf8()).data[0],
    ...[genres, indices, starts, lengths].map((col) =>
      makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(col) }),
    ),
  ];
  const metadata = new Map<string, string>([
    ['audio-dl.format', SEGMENTS_FORMAT],
    [
      'audio-dl.layout',
      JSON.stringify({
        sr: index.sr,
        duration,
        segments,
        samplesPerSegment,
        // Present only with clip-length segments: the course's layout keeps its bytes.
        ...(anyLength ? { segmentSeconds: params.segmentSeconds, minSeconds: params.minSeconds } : {}),
      }),
    ],
    // What the mfcc stage writes into the data set's meta, as `audio-dl preprocess` does.
    ...(anyLength
      ? [['audio-dl.clips', JSON.stringify({ droppedClips, segmentChoice: choice })] as [string, string]]
      : []),
    ['audio-dl.mapping', JSON.stringify(index.mapping)],
    // The plan's bytes must change when any decoded sample does: mfcc's Nx hash sees only this file.
    ['audio-dl.signals', JSON.stringify(index.tracks.map((t) => t.sha256))],
  ]);
  const schema = new Schema(allFields, metadata);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(allFields), length: n, nullCount: 0, children }));
  await writeFileAtomic(path.join(out, 'segments.arrow'), tableToIPC(new Table([batch]), 'file'));
  return {
    tracks: index.tracks.length,
    segments: n,
    partialSegments: partial,
    samplesPerSegment,
    ...(anyLength
      ? { segmentSeconds: params.segmentSeconds, segmentChoice: choice?.reason ?? null, droppedClips }
      : {}),
  };
}
