import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { Piscina } from 'piscina';
import { WAVEFORM_AUGMENT_RANGES, type WaveformAugmentInput, waveformAugmentSchema } from './augment';
import { headerSecondsAll } from './clip-length';
import type { Dataset } from './dataset';
import {
  checkBands,
  type FeatureParams,
  type FeatureParamsInput,
  featureBands,
  featureParamsSchema,
  segmentLayout,
  withDefaultFeatures,
} from './params';
import { createPool } from './pool';
import { type SegmentChoice, segmentChoiceFor } from './segment-length';
import { segmentSpan } from './segments';
import { type Shard, shardSchema, shardSlice } from './shard';
import type { SourceOptionsInput } from './source-options';
import { listClips } from './sources';
import { processTrack, type TrackResult, type TrackTask } from './track';
import { VERSION } from './version';
import type { SkippedFile } from './walk';
import { type DatasetFormat, formatOf, writeDataset } from './write';

export interface ProgressEvent {
  done: number;
  total: number;
  /** Path relative to ROOT of the track just finished. */
  track: string;
  /** Set when that track failed and was skipped. */
  failed?: SkippedFile;
}

export interface PreprocessOptions {
  /** `.arrow` (Arrow IPC file), `.parquet` or `.json` (the course's layout). */
  out: string;
  /**
   * Process only shard `index` of `count`: the index-th of `count` equal runs of the sorted tracks. The genre
   * mapping still comes from the whole tree, so the parts of one run agree and join into the full data set.
   */
  shard?: Shard;
  params?: FeatureParamsInput;
  /** Worker threads (default: every core). 0 runs in this thread. The output is the same either way. */
  workers?: number;
  /** Fail (and write nothing) when any file cannot be decoded. */
  strict?: boolean;
  /** JSON indent; 4 reproduces the course's file. */
  indent?: number;
  nested?: 'error' | 'parent';
  /**
   * Write augmented copies of every track instead of the tracks (§11.4): a companion file for `audio-dl train
   * --augmented`, which adds the copies of training tracks only. Rows name their source track; copy c (from 1)
   * numbers its segments from (c − 1)·(segments + 1), so copies never join into one run of consecutive segments.
   */
  augment?: WaveformAugmentInput;
  onProgress?: (event: ProgressEvent) => void;
  /** How the clips are described when not a folder per label: a manifest or a label pattern (see `listClips`). */
  source?: Omit<SourceOptionsInput, 'nested'>;
  /**
   * `auto`: when `params` set no `segmentSeconds` and some clip is shorter than one course segment, measure every
   * clip and choose a segment length from their lengths (`chooseSegmentSeconds`). Default `course`: params as given.
   */
  segmentLength?: 'auto' | 'course';
}

/** A track that gave fewer segments than asked (or none): named, never dropped silently. */
export interface ShortTrack {
  /** Path relative to ROOT. */
  path: string;
  /** Seconds of audio it has in the span used (from `offset`, at most `duration`). */
  seconds: number;
  /** Segments it gave, of `params.segments`. */
  segments: number;
}

/** The warning line for a short track: its name, its length and what it gave. */
export function shortTrackWarning(t: ShortTrack, params: FeatureParams): string {
  const segment = segmentLayout(params).samplesPerSegment / params.sr;
  const used = params.offset > 0 ? `${params.duration} s from ${params.offset} s` : `${params.duration} s`;
  return (
    `${t.path}: ${t.seconds.toFixed(2)} s of audio, ${t.segments} of ${params.segments} segments ` +
    `(${used} asked, a segment is ${segment.toFixed(2)} s)`
  );
}

export interface PreprocessSummary {
  out: string;
  format: DatasetFormat;
  /** The shard processed, when one was asked for. */
  shard?: Shard;
  genres: string[];
  /** Tracks that gave at least one segment. */
  tracks: number;
  segments: number;
  /** Segments dropped for holding fewer MFCC vectors than expected (tracks shorter than `duration`). */
  droppedSegments: number;
  /** Tracks that gave fewer segments than asked, or none; each is also a line of `warnings`. */
  shortTracks: ShortTrack[];
  /** Audio files that failed to decode, with the reason. */
  failed: SkippedFile[];
  /** Clips dropped as shorter than `minSeconds` or silent, with the reason. */
  droppedClips: SkippedFile[];
  /** The segment length chosen from the clips' lengths, and why (`segmentLength: 'auto'`). */
  segmentChoice: SegmentChoice | null;
  /** The feature parameters used (with the segment length chosen). */
  params: FeatureParams;
  /** Hidden and non-audio entries that were not tracks. */
  ignored: SkippedFile[];
  warnings: string[];
  workers: number;
  seconds: number;
}

/** Runs batches of tasks on `workers` threads (0: in this thread); the pool starts with the first batch and serves every later one. */
interface TrackRunner {
  runAll(tasks: TrackTask[], onDone: (index: number, result: TrackResult) => void): Promise<void>;
  close(): Promise<void>;
}

function trackRunner(workers: number): TrackRunner {
  let pool: Piscina<TrackTask, TrackResult> | null = null;
  return {
    async runAll(tasks, onDone) {
      if (workers === 0) {
        for (let i = 0; i < tasks.length; i++) onDone(i, await processTrack(tasks[i]));
        return;
      }
      if (pool === null)
        pool = createPool<TrackTask, TrackResult>(path.join(__dirname, `worker${path.extname(__filename)}`), workers);
      const p = pool;
      await Promise.all(tasks.map(async (task, i) => onDone(i, await p.run(task))));
    },
    close: async () => {
      await pool?.destroy();
    },
  };
}

/**
 * GTZAN-style preprocessing (§09): walks ROOT/<genre>/<track>, decodes and segments every track across
 * worker threads, and writes the MFCC of every full segment to `out` (Arrow or the course's JSON).
 * Rows follow the sorted track order, so the bytes do not depend on the worker count.
 */
export async function preprocess(rootArg: string | undefined, opts: PreprocessOptions): Promise<PreprocessSummary> {
  const started = performance.now();
  const format = formatOf(opts.out);
  const input = opts.params ?? {};
  let params = featureParamsSchema.parse(withDefaultFeatures(input));
  checkBands(params);
  const shard = opts.shard === undefined ? undefined : shardSchema.parse(opts.shard);
  const root = opts.source?.manifest ?? rootArg ?? '';
  const listed = await listClips(rootArg, { ...opts.source, nested: opts.nested ?? 'error' });
  const walked = { genres: listed.genres, tracks: listed.clips, skipped: listed.skipped, warnings: listed.warnings };
  if (walked.tracks.length === 0)
    throw new Error(`${root}: no audio files in the label folders (${walked.genres.join(', ')})`);
  const requested = opts.workers ?? availableParallelism();
  if (!Number.isInteger(requested) || requested < 0)
    throw new RangeError(`workers must be an integer ≥ 0, got ${requested}`);
  const tree = shard ? { ...walked, tracks: shardSlice(walked.tracks, shard) } : walked;
  const total = tree.tracks.length;
  const augment = opts.augment ? waveformAugmentSchema.parse(opts.augment) : null;
  // One task per track, or per track and copy: task i is copy (i mod copies) + 1 of track ⌊i / copies⌋.
  const copies = augment?.copies ?? 1;
  // A single worker thread would only add its own start-up (≈ 0.2 s) to a one-task run: that runs in-process.
  const parallel = Math.min(requested, total * copies);
  const workers = parallel === 1 ? 0 : parallel;
  const runner = trackRunner(workers);
  let segmentChoice: SegmentChoice | null = null;
  try {
    if (opts.segmentLength === 'auto' && params.segmentSeconds === undefined) {
      // Measured on every clip (not a shard's): all shards of one run must choose the same length. The headers give
      // most clips' lengths; the other clips are decoded, on the pool that then featurises.
      const probes = walked.tracks.map((t) => ({ path: t.path, params, region: t, probe: true }));
      const lengths = (await headerSecondsAll(probes)).map((x) => x ?? -1);
      const decode = probes.flatMap((_, i) => (lengths[i] < 0 ? [i] : []));
      await runner.runAll(
        decode.map((i) => probes[i]),
        (j, r) => {
          if (r.ok) lengths[decode[j]] = r.seconds;
        },
      );
      const measured = lengths.filter((x) => x >= 0);
      segmentChoice = segmentChoiceFor(measured, segmentLayout(params).samplesPerSegment / params.sr);
      if (segmentChoice) {
        // Clip-length segments: the features for clips, unless `input` named some (`withDefaultFeatures`).
        params = featureParamsSchema.parse(withDefaultFeatures({ ...input, segmentSeconds: segmentChoice.seconds }));
      }
    }
  } catch (err) {
    await runner.close();
    throw err;
  }
  const anyLength = params.segmentSeconds !== undefined;
  const { expectedVectors } = segmentLayout(params);
  const tasks: TrackTask[] = tree.tracks.flatMap((t) =>
    Array.from({ length: copies }, (_, c) => ({
      path: t.path,
      params,
      ...(t.start > 0 || t.end !== null ? { region: { start: t.start, end: t.end } } : {}),
      ...(augment ? { augment: { opts: augment, copy: c + 1, track: t.relPath } } : {}),
    })),
  );
  const trackOf = (task: number) => tree.tracks[Math.floor(task / copies)];

  const results = new Array<TrackResult>(tasks.length);
  const failed: SkippedFile[] = [];
  const droppedClips: SkippedFile[] = [];
  let done = 0;
  try {
    await runner.runAll(tasks, (i, result) => {
      results[i] = result;
      const track = trackOf(i).relPath;
      const failure = result.ok ? undefined : { path: track, reason: result.reason };
      opts.onProgress?.({ done: ++done, total: tasks.length, track, ...(failure ? { failed: failure } : {}) });
    });
  } finally {
    await runner.close();
  }
  results.forEach((r, i) => {
    if (!r.ok && i % copies === 0)
      (r.dropped ? droppedClips : failed).push({ path: trackOf(i).relPath, reason: r.reason });
  });

  // A shard only reports its failures: whether the whole run failed is for the parts together to say.
  if (!shard && failed.length + droppedClips.length === total) {
    const first = failed[0] ?? droppedClips[0];
    throw new Error(
      `${root}: all ${total} audio files failed to decode${droppedClips.length > 0 ? ' or were dropped' : ''} (first: ${first.path}: ${first.reason})`,
    );
  }
  if (opts.strict && failed.length > 0) {
    const list = failed.map((f) => `${f.path}: ${f.reason}`).join('; ');
    throw new Error(`${failed.length} file(s) failed to decode (--strict, nothing written): ${list}`);
  }

  const rowSize = expectedVectors * featureBands(params);
  let rows = 0;
  let droppedSegments = 0;
  const withSegments = new Set<string>();
  const shortTracks: ShortTrack[] = [];
  results.forEach((r, i) => {
    if (!r.ok) return;
    rows += r.kept.length;
    droppedSegments += r.dropped;
    if (r.kept.length > 0) withSegments.add(trackOf(i).relPath);
    // A short original is short in every copy: name it once.
    if (!anyLength && r.kept.length < params.segments && (!augment || i % copies === 0)) {
      shortTracks.push({ path: trackOf(i).relPath, seconds: r.seconds, segments: r.kept.length });
    }
  });
  const warnings = [...tree.warnings, ...shortTracks.map((t) => shortTrackWarning(t, params))];
  // A shard may have no rows (no track at all when there are more shards than tracks): its part is empty.
  if (rows === 0 && !shard) {
    const some = shortTracks.slice(0, 3).map((t) => `${t.path} ${t.seconds.toFixed(2)} s`);
    throw new Error(
      `${root}: no segment has ${expectedVectors} MFCC vectors: every track is shorter than one segment ` +
        `(${(segmentLayout(params).samplesPerSegment / params.sr).toFixed(2)} s): ${some.join(', ')}` +
        `${shortTracks.length > 3 ? `, and ${shortTracks.length - 3} more` : ''}`,
    );
  }

  const groups: string[] = [];
  const folds: string[] = [];
  const metadataRows: string[] = [];
  const starts = new Float64Array(rows);
  const ends = new Float64Array(rows);
  const data: Dataset = {
    mapping: tree.genres,
    labels: new Int32Array(rows),
    features: new Float32Array(rows * rowSize),
    shape: [rows, expectedVectors, featureBands(params)],
    tracks: [],
    segments: new Int32Array(rows),
    groups,
    folds,
    starts,
    ends,
    metadata: metadataRows,
    params,
    meta: {
      version: VERSION,
      droppedSegments,
      shortTracks,
      skipped: [...tree.skipped, ...failed, ...droppedClips],
      ...(segmentChoice ? { segmentChoice } : {}),
      warnings,
      ...(augment
        ? {
            augment: {
              ...augment,
              ranges: WAVEFORM_AUGMENT_RANGES,
              draws: results.flatMap((r, i) =>
                r.ok ? [{ track: trackOf(i).relPath, copy: (i % copies) + 1, ...r.draw }] : [],
              ),
            },
          }
        : {}),
      ...(shard ? { shard } : {}),
    },
  };
  let row = 0;
  results.forEach((r, i) => {
    if (!r.ok) return;
    data.features.set(r.features, row * rowSize);
    const first = (i % copies) * (augment ? params.segments + 1 : 0);
    const clip = trackOf(i);
    const from = clip.start + params.offset;
    const metadata = Object.keys(clip.metadata).length > 0 ? JSON.stringify(clip.metadata) : '';
    for (const s of r.kept) {
      data.labels[row] = clip.genre;
      data.segments[row] = first + s;
      data.tracks.push(clip.relPath);
      groups.push(clip.group);
      folds.push(clip.fold);
      metadataRows.push(metadata);
      const span = segmentSpan(s, params, from, r.seconds);
      starts[row] = span.start;
      ends[row] = span.end;
      row++;
    }
  });

  await writeDataset(opts.out, data, { indent: opts.indent });

  return {
    out: opts.out,
    format,
    ...(shard ? { shard } : {}),
    genres: tree.genres,
    tracks: withSegments.size,
    segments: rows,
    droppedSegments,
    shortTracks,
    failed,
    droppedClips,
    segmentChoice,
    params,
    ignored: tree.skipped,
    warnings,
    workers,
    seconds: (performance.now() - started) / 1000,
  };
}
