import { availableParallelism } from 'node:os';
import type { Dataset } from './dataset';
import { type FeatureParamsInput, featureParamsSchema, segmentLayout } from './params';
import { createPool } from './pool';
import { type Shard, shardSchema, shardSlice } from './shard';
import { processTrack, type TrackResult, type TrackTask } from './track';
import { VERSION } from './version';
import { type SkippedFile, walkTree } from './walk';
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
  onProgress?: (event: ProgressEvent) => void;
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
  /** Audio files that failed to decode, with the reason. */
  failed: SkippedFile[];
  /** Hidden and non-audio entries that were not tracks. */
  ignored: SkippedFile[];
  warnings: string[];
  workers: number;
  seconds: number;
}

async function runAll(
  tasks: TrackTask[],
  workers: number,
  onDone: (index: number, result: TrackResult) => void,
): Promise<void> {
  if (workers === 0) {
    for (let i = 0; i < tasks.length; i++) onDone(i, await processTrack(tasks[i]));
    return;
  }
  const pool = createPool<TrackTask, TrackResult>('worker', workers);
  try {
    await Promise.all(tasks.map(async (task, i) => onDone(i, await pool.run(task))));
  } finally {
    await pool.destroy();
  }
}

/**
 * GTZAN-style preprocessing (§09): walks ROOT/<genre>/<track>, decodes and segments every track across
 * worker threads, and writes the MFCC of every full segment to `out` (Arrow or the course's JSON).
 * Rows follow the sorted track order, so the bytes do not depend on the worker count.
 */
export async function preprocess(root: string, opts: PreprocessOptions): Promise<PreprocessSummary> {
  const started = performance.now();
  const format = formatOf(opts.out);
  const params = featureParamsSchema.parse(opts.params ?? {});
  const { expectedVectors } = segmentLayout(params);
  const shard = opts.shard === undefined ? undefined : shardSchema.parse(opts.shard);
  const walked = await walkTree(root, { nested: opts.nested ?? 'error' });
  if (walked.tracks.length === 0)
    throw new Error(`${root}: no audio files in the genre folders (${walked.genres.join(', ')})`);
  const tree = shard ? { ...walked, tracks: shardSlice(walked.tracks, shard) } : walked;
  const total = tree.tracks.length;
  const requested = opts.workers ?? availableParallelism();
  if (!Number.isInteger(requested) || requested < 0)
    throw new RangeError(`workers must be an integer ≥ 0, got ${requested}`);
  const workers = Math.min(requested, total);

  const results = new Array<TrackResult>(total);
  const failed: SkippedFile[] = [];
  let done = 0;
  await runAll(
    tree.tracks.map((t) => ({ path: t.path, params })),
    workers,
    (i, result) => {
      results[i] = result;
      const track = tree.tracks[i].relPath;
      const failure = result.ok ? undefined : { path: track, reason: result.reason };
      opts.onProgress?.({ done: ++done, total, track, ...(failure ? { failed: failure } : {}) });
    },
  );
  results.forEach((r, i) => {
    if (!r.ok) failed.push({ path: tree.tracks[i].relPath, reason: r.reason });
  });

  // A shard only reports its failures: whether the whole run failed is for the parts together to say.
  if (!shard && failed.length === total) {
    throw new Error(
      `${root}: all ${total} audio files failed to decode (first: ${failed[0].path}: ${failed[0].reason})`,
    );
  }
  if (opts.strict && failed.length > 0) {
    const list = failed.map((f) => `${f.path}: ${f.reason}`).join('; ');
    throw new Error(`${failed.length} file(s) failed to decode (--strict, nothing written): ${list}`);
  }

  const rowSize = expectedVectors * params.nMfcc;
  let rows = 0;
  let droppedSegments = 0;
  let tracks = 0;
  for (const r of results) {
    if (!r.ok) continue;
    rows += r.kept.length;
    droppedSegments += r.dropped;
    if (r.kept.length > 0) tracks++;
  }
  // A shard may have no rows (no track at all when there are more shards than tracks): its part is empty.
  if (rows === 0 && !shard) {
    throw new Error(
      `${root}: no segment has ${expectedVectors} MFCC vectors; are the tracks shorter than ${params.duration} s?`,
    );
  }

  const data: Dataset = {
    mapping: tree.genres,
    labels: new Int32Array(rows),
    features: new Float32Array(rows * rowSize),
    shape: [rows, expectedVectors, params.nMfcc],
    tracks: [],
    segments: new Int32Array(rows),
    params,
    meta: {
      version: VERSION,
      droppedSegments,
      skipped: [...tree.skipped, ...failed],
      warnings: tree.warnings,
      ...(shard ? { shard } : {}),
    },
  };
  let row = 0;
  results.forEach((r, i) => {
    if (!r.ok) return;
    data.features.set(r.features, row * rowSize);
    for (const s of r.kept) {
      data.labels[row] = tree.tracks[i].genre;
      data.segments[row] = s;
      data.tracks.push(tree.tracks[i].relPath);
      row++;
    }
  });

  await writeDataset(opts.out, data, { indent: opts.indent });

  return {
    out: opts.out,
    format,
    ...(shard ? { shard } : {}),
    genres: tree.genres,
    tracks,
    segments: rows,
    droppedSegments,
    failed,
    ignored: tree.skipped,
    warnings: tree.warnings,
    workers,
    seconds: (performance.now() - started) / 1000,
  };
}
