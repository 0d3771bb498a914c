import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import {
  checkBands,
  type Dataset,
  type FeatureParams,
  featureBands,
  featureParamsSchema,
  isSilent,
  type ShortTrack,
  type SkippedFile,
  segmentLayout,
  segmentSpan,
  shortTrackWarning,
  withDefaultFeatures,
  writeDatasetArrow,
} from '@audio-dl/dataset';
import { tableFromIPC } from 'apache-arrow';
import { Piscina } from 'piscina';
import { z } from 'zod';
import { progress } from '../progress';
import { readJson, requireFile, type StageContext, StageError, stageDir } from './io';
import mfccTask, { type MfccResult, type MfccTask } from './mfcc-worker';
import { skippedFileSchema, trackIndexSchema } from './records';
import { SEGMENTS_FORMAT } from './segment';
import { fromInt16, readSignals } from './signals';

/** Below this many tracks the worker start-up costs more than it saves. */
const MIN_TRACKS_FOR_WORKERS = 16;

/** One worker thread per core: `dist/stages/mfcc-worker.js`, or the `.ts` source through tsx (Jest). */
function mfccPool(threads: number): Piscina<MfccTask, MfccResult> {
  const ext = path.extname(__filename);
  return new Piscina<MfccTask, MfccResult>({
    filename: path.join(__dirname, `mfcc-worker${ext}`),
    execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [],
    minThreads: threads,
    maxThreads: threads,
  });
}

/**
 * Runs `mfccTask` over `rows` on a worker pool (in this thread for few tracks), yielding results in input
 * order with at most two tasks per thread in flight, so a GTZAN-sized signals file streams through.
 */
async function* featuresInOrder<R extends { pcm: Int16Array; track: string }>(
  rows: AsyncIterable<R>,
  params: FeatureParams,
  tracks: number,
  root: string,
): AsyncGenerator<[R, MfccResult]> {
  // AUDIO_DL_WORKERS overrides the thread count (0: this thread); the output is the same for any count.
  const requested = process.env.AUDIO_DL_WORKERS;
  const auto = tracks < MIN_TRACKS_FOR_WORKERS ? 0 : Math.min(availableParallelism(), tracks);
  const threads = requested === undefined || requested === '' ? auto : Math.max(0, Math.floor(Number(requested)) || 0);
  const pool = threads === 0 ? null : mfccPool(threads);
  // A failure names the track it happened on.
  const run = (row: R): Promise<MfccResult> =>
    (pool
      ? pool.run({ pcm: row.pcm, params })
      : Promise.resolve().then(() => mfccTask({ pcm: row.pcm, params }))
    ).catch((err: Error) => {
      throw new StageError('mfcc', path.join(root, row.track), err.message);
    });
  const window: [R, Promise<MfccResult>][] = [];
  const depth = Math.max(1, 2 * threads);
  try {
    for await (const row of rows) {
      const result = run(row);
      // Handled when its turn comes; until then a failure must not count as unhandled.
      result.catch(() => undefined);
      window.push([row, result]);
      if (window.length >= depth) {
        const [first, result] = window.shift()!;
        yield [first, await result];
      }
    }
    for (const [row, result] of window) yield [row, await result];
  } finally {
    await pool?.destroy();
  }
}

/** The segment plan's `audio-dl.layout` metadata (what the segment stage cut with). */
const layoutSchema = z.object({
  sr: z.number().int().positive(),
  duration: z.number().positive(),
  segments: z.number().int().positive(),
  /** Clip-length segments (absent: the course's layout). */
  segmentSeconds: z.number().positive().optional(),
  minSeconds: z.number().min(0).optional(),
});
type Layout = z.infer<typeof layoutSchema>;

/** The plan's `audio-dl.clips` metadata (clip-length segments only): what was dropped, and the length chosen. */
const clipsSchema = z.object({
  droppedClips: z.array(skippedFileSchema),
  segmentChoice: z.object({ seconds: z.number(), reason: z.string() }).nullable(),
});
type PlanClips = z.infer<typeof clipsSchema>;

/** Reads the segment plan: its layout and how many segments each track was planned to give. */
async function readPlan(
  file: string,
): Promise<{ layout: Layout; clips: PlanClips | null; planned: Map<string, number> }> {
  const table = tableFromIPC(await readFile(file));
  const md = table.schema.metadata;
  if (md.get('audio-dl.format') !== SEGMENTS_FORMAT) throw new StageError('mfcc', file, 'not a segment-stage plan');
  let layout: Layout;
  let clips: PlanClips | null;
  try {
    layout = layoutSchema.parse(JSON.parse(md.get('audio-dl.layout') ?? 'null'));
    const text = md.get('audio-dl.clips');
    clips = text === undefined ? null : clipsSchema.parse(JSON.parse(text));
  } catch (err) {
    const reason = err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message;
    throw new StageError('mfcc', file, `unreadable "audio-dl.layout" or "audio-dl.clips" metadata: ${reason}`);
  }
  const planned = new Map<string, number>();
  const tracks = table.getChild('track');
  if (!tracks) throw new StageError('mfcc', file, 'no "track" column');
  for (let i = 0; i < table.numRows; i++) {
    const t = String(tracks.get(i));
    planned.set(t, (planned.get(t) ?? 0) + 1);
  }
  return { layout, clips, planned };
}

/**
 * The planned rows only; with clip-length segments a silent clip (dataset's `isSilent`, the rule `audio-dl
 * preprocess` drops by, on the stored samples) is named in `silent` instead.
 */
async function* plannedRows<R extends { pcm: Int16Array; track: string }>(
  rows: AsyncIterable<R>,
  planned: Map<string, number>,
  anyLength: boolean,
  silent: SkippedFile[],
): AsyncGenerator<R> {
  for await (const row of rows) {
    if (!anyLength) yield row;
    else if (!planned.has(row.track)) continue;
    else if (isSilent(fromInt16(row.pcm))) silent.push({ path: row.track, reason: 'dropped: silent' });
    else yield row;
  }
}

/** Each row's first `samples` samples. */
async function* clipped<R extends { pcm: Int16Array }>(rows: AsyncIterable<R>, samples: number): AsyncGenerator<R> {
  for await (const row of rows) yield row.pcm.length > samples ? { ...row, pcm: row.pcm.slice(0, samples) } : row;
}

/** MFCC of every planned segment (the course's rule: a segment with fewer vectors than expected is dropped). */
export async function mfcc(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const decodeDir = stageDir(ctx.loaded, 'decode');
  const index = await readJson(path.join(decodeDir, 'tracks.json'), 'mfcc', trackIndexSchema);
  const planFile = await requireFile(path.join(stageDir(ctx.loaded, 'segment'), 'segments.arrow'), 'mfcc');
  const signalsFile = await requireFile(path.join(decodeDir, 'signals.arrow'), 'mfcc');
  const { layout, clips, planned } = await readPlan(planFile);
  const { sr, duration, segments: count, segmentSeconds, minSeconds } = layout;
  const anyLength = segmentSeconds !== undefined;
  // Unset features follow dataset's rule (`withDefaultFeatures`): log-mel for clip-length segments, MFCC otherwise.
  const params = featureParamsSchema.parse(
    withDefaultFeatures({
      sr,
      duration,
      offset: index.offset,
      segments: count,
      ...ctx.loaded.config.mfcc,
      ...(anyLength ? { segmentSeconds, ...(minSeconds === undefined ? {} : { minSeconds }) } : {}),
    }),
  );
  try {
    checkBands(params);
  } catch (err) {
    throw new StageError('mfcc', ctx.loaded.file, `mfcc: ${(err as Error).message}`);
  }
  const { expectedVectors } = segmentLayout(params);
  const rowSize = expectedVectors * featureBands(params);

  const chunks: Float32Array[] = [];
  const labels: number[] = [];
  const tracks: string[] = [];
  const segments: number[] = [];
  let dropped = 0;
  // Every track that gives fewer segments than asked is named (log, summary, mfcc.arrow), never dropped silently.
  const shortTracks: ShortTrack[] = [];
  const samplesOf = new Map(index.tracks.map((t) => [t.track, t.samples]));
  const entryOf = new Map(index.tracks.map((t) => [t.track, t]));
  const silent: SkippedFile[] = [];
  const groups: string[] = [];
  const folds: string[] = [];
  const metadata: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // The first `duration` seconds, as `audio-dl preprocess` decodes them (the plan cut no further).
  const used = Math.floor(sr * duration);
  const rows = plannedRows(readSignals(signalsFile), planned, anyLength, silent);
  const bar = progress('mfcc', anyLength ? planned.size : index.tracks.length);
  for await (const [row, features] of featuresInOrder(
    anyLength ? clipped(rows, used) : rows,
    params,
    index.tracks.length,
    index.root,
  )) {
    const plannedCount = planned.get(row.track) ?? 0;
    const kept = features.kept.filter((s) => s < plannedCount);
    dropped += plannedCount - kept.length;
    const entry = entryOf.get(row.track);
    const seconds = Math.min(samplesOf.get(row.track) ?? row.pcm.length, used) / sr;
    const from = (entry?.start ?? 0) + index.offset;
    for (const s of kept) {
      groups.push(entry?.group ?? '');
      folds.push(entry?.fold ?? '');
      metadata.push(entry?.metadata ? JSON.stringify(entry.metadata) : '');
      const span = segmentSpan(s, params, from, seconds);
      starts.push(span.start);
      ends.push(span.end);
    }
    if (!anyLength && kept.length < count) {
      const short = {
        path: row.track,
        seconds: (samplesOf.get(row.track) ?? row.pcm.length) / sr,
        segments: kept.length,
      };
      shortTracks.push(short);
      ctx.log(`warning: ${shortTrackWarning(short, params)}`);
    }
    chunks.push(features.features.subarray(0, kept.length * rowSize));
    for (const s of kept) {
      labels.push(row.genre);
      tracks.push(row.track);
      segments.push(s);
    }
    bar.tick();
  }
  bar.done();
  for (const c of silent) ctx.log(`${c.path}: ${c.reason}`);
  if (labels.length === 0) {
    throw new StageError(
      'mfcc',
      signalsFile,
      `no segment holds ${expectedVectors} MFCC vectors; are the tracks shorter than one segment?`,
    );
  }
  const featuresAll = new Float32Array(labels.length * rowSize);
  let at = 0;
  for (const c of chunks) {
    featuresAll.set(c, at);
    at += c.length;
  }
  // Dropped in either stage, in the clips' order (as `audio-dl preprocess` lists them).
  const order = new Map(index.tracks.map((t, i) => [t.track, i]));
  const droppedClips = [...(clips?.droppedClips ?? []), ...silent].sort(
    (a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0),
  );
  const data: Dataset = {
    mapping: index.mapping,
    labels: Int32Array.from(labels),
    features: featuresAll,
    shape: [labels.length, expectedVectors, featureBands(params)],
    tracks,
    segments: Int32Array.from(segments),
    // Groups, folds, metadata always (all '' for a folder per label, as absent columns read); where each row's audio
    // lies only for clip-length segments, so the course's data set keeps its bytes.
    groups,
    folds,
    metadata,
    ...(anyLength ? { starts: Float64Array.from(starts), ends: Float64Array.from(ends) } : {}),
    params,
    meta: {
      skipped: [...index.skipped, ...droppedClips],
      droppedSegments: dropped,
      shortTracks,
      ...(clips?.segmentChoice ? { segmentChoice: clips.segmentChoice } : {}),
      warnings: [...index.warnings, ...shortTracks.map((t) => shortTrackWarning(t, params))],
      root: index.root,
    },
  };
  await writeDatasetArrow(path.join(out, 'mfcc.arrow'), data);
  return {
    segments: labels.length,
    droppedSegments: dropped,
    shortTracks,
    shape: data.shape,
    ...(anyLength ? { droppedClips: silent, features: params.features, nMels: params.nMels } : {}),
  };
}
