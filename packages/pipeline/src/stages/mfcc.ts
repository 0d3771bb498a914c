import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import {
  type Dataset,
  type FeatureParams,
  featureBands,
  featureParamsSchema,
  type ShortTrack,
  segmentLayout,
  shortTrackWarning,
  writeDatasetArrow,
} from '@audio-dl/dataset';
import { tableFromIPC } from 'apache-arrow';
import { Piscina } from 'piscina';
import { z } from 'zod';
import { progress } from '../progress';
import { readJson, requireFile, type StageContext, StageError, stageDir } from './io';
import mfccTask, { type MfccResult, type MfccTask } from './mfcc-worker';
import { trackIndexSchema } from './records';
import { SEGMENTS_FORMAT } from './segment';
import { readSignals } from './signals';

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
});
type Layout = z.infer<typeof layoutSchema>;

/** Reads the segment plan: its layout and how many segments each track was planned to give. */
async function readPlan(file: string): Promise<{ layout: Layout; planned: Map<string, number> }> {
  const table = tableFromIPC(await readFile(file));
  const md = table.schema.metadata;
  if (md.get('audio-dl.format') !== SEGMENTS_FORMAT) throw new StageError('mfcc', file, 'not a segment-stage plan');
  let layout: Layout;
  try {
    layout = layoutSchema.parse(JSON.parse(md.get('audio-dl.layout') ?? 'null'));
  } catch (err) {
    const reason = err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message;
    throw new StageError('mfcc', file, `unreadable "audio-dl.layout" metadata: ${reason}`);
  }
  const planned = new Map<string, number>();
  const tracks = table.getChild('track');
  if (!tracks) throw new StageError('mfcc', file, 'no "track" column');
  for (let i = 0; i < table.numRows; i++) {
    const t = String(tracks.get(i));
    planned.set(t, (planned.get(t) ?? 0) + 1);
  }
  return { layout, planned };
}

/** MFCC of every planned segment (the course's rule: a segment with fewer vectors than expected is dropped). */
export async function mfcc(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const decodeDir = stageDir(ctx.loaded, 'decode');
  const index = await readJson(path.join(decodeDir, 'tracks.json'), 'mfcc', trackIndexSchema);
  const planFile = await requireFile(path.join(stageDir(ctx.loaded, 'segment'), 'segments.arrow'), 'mfcc');
  const signalsFile = await requireFile(path.join(decodeDir, 'signals.arrow'), 'mfcc');
  const { layout, planned } = await readPlan(planFile);
  const { sr, duration, segments: count } = layout;
  const params = featureParamsSchema.parse({
    sr,
    duration,
    offset: index.offset,
    segments: count,
    ...ctx.loaded.config.mfcc,
  });
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
  const bar = progress('mfcc', index.tracks.length);
  for await (const [row, features] of featuresInOrder(
    readSignals(signalsFile),
    params,
    index.tracks.length,
    index.root,
  )) {
    const plannedCount = planned.get(row.track) ?? 0;
    const kept = features.kept.filter((s) => s < plannedCount);
    dropped += plannedCount - kept.length;
    if (kept.length < count) {
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
  const data: Dataset = {
    mapping: index.mapping,
    labels: Int32Array.from(labels),
    features: featuresAll,
    shape: [labels.length, expectedVectors, featureBands(params)],
    tracks,
    segments: Int32Array.from(segments),
    params,
    meta: {
      skipped: index.skipped,
      droppedSegments: dropped,
      shortTracks,
      warnings: [...index.warnings, ...shortTracks.map((t) => shortTrackWarning(t, params))],
      root: index.root,
    },
  };
  await writeDatasetArrow(path.join(out, 'mfcc.arrow'), data);
  return { segments: labels.length, droppedSegments: dropped, shortTracks, shape: data.shape };
}
