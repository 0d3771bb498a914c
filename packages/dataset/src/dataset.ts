import type { FeatureParams } from './params';

/** One row per segment; the in-memory form every writer takes and `loadDataset` returns. */
export interface Dataset {
  /** Genre names; the index is the label. */
  mapping: string[];
  /** Label of each segment. */
  labels: Int32Array;
  /** MFCC of every segment, row-major [n, frames, nMfcc]. */
  features: Float32Array;
  shape: [number, number, number];
  /** Source track of each segment, relative to ROOT (empty strings when the file does not say). */
  tracks: string[];
  /** Segment index of each row within its track (-1 when the file does not say). */
  segments: Int32Array;
  /** Feature parameters, or null for a file that does not record them (the course's data_10.json). */
  params: FeatureParams | null;
  /** Everything else the file records: version, skipped files with reasons, dropped segment count… */
  meta: Record<string, unknown>;
}

/** Throws unless the arrays of `data` agree with its shape. */
export function checkDataset(data: Dataset, where: string): void {
  const [n, frames, nMfcc] = data.shape;
  const problems: string[] = [];
  if (data.features.length !== n * frames * nMfcc) {
    problems.push(
      `features holds ${data.features.length} numbers, shape [${data.shape.join(', ')}] needs ${n * frames * nMfcc}`,
    );
  }
  if (data.labels.length !== n) problems.push(`${data.labels.length} labels for ${n} rows`);
  if (data.tracks.length !== n) problems.push(`${data.tracks.length} tracks for ${n} rows`);
  if (data.segments.length !== n) problems.push(`${data.segments.length} segment indices for ${n} rows`);
  const bad = data.labels.findIndex((l) => l < 0 || l >= data.mapping.length);
  if (bad >= 0)
    problems.push(`label ${data.labels[bad]} at row ${bad} is outside mapping (${data.mapping.length} genres)`);
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
}
