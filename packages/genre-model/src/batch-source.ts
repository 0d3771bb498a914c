import type { DatasetBatch, DatasetChunk, DatasetScan, StreamOptions } from '@audio-dl/dataset';
import { mulberry32 } from '@audio-dl/dsp';
import { type SampleBlock, type SampleSource, shuffleInPlace } from '@audio-dl/trainer';
import type { Split } from './split-options';
import { BandMoments, type Standardization, standardizeInPlace } from './standardize';

/** A data set read from files as it is needed: a scan of its cheap columns, and a stream of its rows. */
export interface StreamedData {
  /** Labels, tracks, segments, shape and chunks (`scanDataset`). */
  scan: DatasetScan;
  /** Rows of the chunks asked for, in their order, those `keep` keeps (`streamDataset` of the same path). */
  read(opts: StreamOptions): AsyncIterable<DatasetBatch>;
}

/** Feature bytes a training window holds at most (plus one chunk): the shuffle buffer, 64 MiB. */
export const WINDOW_BYTES = 64 * 2 ** 20;

/** Rows per batch read from the files for statistics and scoring (not a training batch). */
const READ_ROWS = 1024;

/** One per row of the data set: 1 for the rows of `rows`. */
function maskOf(n: number, rows: Int32Array): Uint8Array {
  const mask = new Uint8Array(n);
  for (const r of rows) mask[r] = 1;
  return mask;
}

/** A block of the rows of one streamed batch, standardised in place. */
function batchBlock(b: DatasetBatch, stats: Standardization | null): SampleBlock {
  if (stats) standardizeInPlace(b.features, stats);
  return {
    features: b.features,
    labels: b.labels,
    tracks: b.tracks,
    segments: b.segments,
    rows: Int32Array.from({ length: b.labels.length }, (_, i) => i),
  };
}

/**
 * Per-band statistics of the training part of a streamed data set, from one pass over it in data set order
 * (`BandMoments`: equal to `fitStandardization` of the same rows in memory to float rounding).
 */
export async function streamStandardization(data: StreamedData, train: Int32Array): Promise<Standardization> {
  const [n, frames, bands] = data.scan.shape;
  const moments = new BandMoments(frames, bands);
  for await (const b of data.read({ keep: maskOf(n, train), batchRows: READ_ROWS })) {
    moments.add(
      b.features,
      Int32Array.from({ length: b.labels.length }, (_, i) => i),
    );
  }
  return moments.result();
}

interface Window {
  chunks: DatasetChunk[];
  rows: number;
}

/**
 * Training rows streamed from files. Each epoch, the chunks (Parquet row groups, Arrow record batches) holding
 * training rows are shuffled (seeded by the seed and the epoch) and cut, in that order, into windows of at least
 * `windowRows` training rows; each window is read whole and the loop shuffles its rows, so a batch mixes rows of
 * the chunks of one window. The order depends only on the seed and the data's layout (its chunks), never on timing.
 */
export function streamSource(
  data: StreamedData,
  split: Split,
  stats: Standardization | null,
  opts: { seed: number; windowRows: number },
): SampleSource {
  const [n, frames, bands] = data.scan.shape;
  const size = frames * bands;
  const masks = { train: maskOf(n, split.train), val: maskOf(n, split.val), test: maskOf(n, split.test) };
  const trainIn = (c: DatasetChunk): number => {
    let k = 0;
    for (let r = c.start; r < c.start + c.rows; r++) k += masks.train[r];
    return k;
  };
  const chunks = data.scan.chunks.map((c) => ({ chunk: c, train: trainIn(c) })).filter((c) => c.train > 0);
  const plans = new Map<number, Window[]>();
  const windowsOf = (epoch: number): Window[] => {
    const known = plans.get(epoch);
    if (known) return known;
    const order = shuffleInPlace(
      Int32Array.from(chunks, (_, i) => i),
      mulberry32((Math.imul(opts.seed, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0),
    );
    const windows: Window[] = [];
    let open: Window = { chunks: [], rows: 0 };
    for (const i of order) {
      open.chunks.push(chunks[i].chunk);
      open.rows += chunks[i].train;
      if (open.rows >= opts.windowRows) {
        windows.push(open);
        open = { chunks: [], rows: 0 };
      }
    }
    if (open.rows > 0) windows.push(open);
    plans.set(epoch, windows);
    return windows;
  };
  return {
    kind: 'stream',
    trainPlan: (epoch) => windowsOf(epoch).map((w) => w.rows),
    async *train(epoch) {
      for (const w of windowsOf(epoch)) {
        const block: SampleBlock = {
          features: new Float32Array(w.rows * size),
          labels: new Int32Array(w.rows),
          tracks: new Array<string>(w.rows),
          segments: new Int32Array(w.rows),
          rows: Int32Array.from({ length: w.rows }, (_, i) => i),
        };
        const tracks = block.tracks as string[];
        let at = 0;
        for await (const b of data.read({ chunks: w.chunks, keep: masks.train, batchRows: READ_ROWS })) {
          const k = b.labels.length;
          if (at + k > w.rows) throw new Error(`${w.chunks[0].file}: more training rows than its scan counted`);
          block.features.set(b.features, at * size);
          block.labels.set(b.labels, at);
          block.segments.set(b.segments, at);
          for (let i = 0; i < k; i++) tracks[at + i] = b.tracks[i];
          at += k;
        }
        if (at !== w.rows) throw new Error(`${w.chunks[0].file}: ${at} training rows read, its scan counted ${w.rows}`);
        if (stats) standardizeInPlace(block.features, stats);
        yield block;
      }
    },
    async *held(part) {
      if (split[part].length === 0) return;
      for await (const b of data.read({ keep: masks[part], batchRows: READ_ROWS })) yield batchBlock(b, stats);
    },
  };
}
