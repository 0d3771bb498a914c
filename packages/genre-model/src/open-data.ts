import { type Dataset, loadDataset, scanDataset, streamDataset } from '@audio-dl/dataset';
import type { StreamedData } from './batch-source';

/**
 * The memory budget when none is given: 2 GiB. A fixed figure rather than a share of this machine's memory, so the
 * same command on the same data reads it the same way, and so trains the same model, on any machine; it holds the
 * course's data sets many times over (GTZAN, 10 segments of 130 × 13 MFCC: 68 MB) and leaves a laptop room.
 */
export const DEFAULT_MEMORY_BYTES = 2 * 2 ** 30;

/** A data set as training or scoring reads it: loaded whole, or streamed from its files. */
export type OpenedData =
  | { kind: 'memory'; data: Dataset; bytes: number }
  | { kind: 'stream'; data: StreamedData; bytes: number };

/**
 * Bytes of features a data set of `shape` holds in memory to be trained on or scored: its features, twice when
 * they are standardised (training and scoring read a standardised copy).
 */
export function memoryNeeded(shape: readonly [number, number, number], standardize: boolean): number {
  return shape[0] * shape[1] * shape[2] * 4 * (standardize ? 2 : 1);
}

/**
 * Opens the data set at `path` (file or folder of parts): loaded whole when `memoryNeeded` fits `memory` bytes,
 * else streamed. The estimate comes from a scan of the labels, tracks and segments (no features are read), which
 * streaming needs anyway. JSON cannot be streamed and is always loaded.
 */
export async function openData(path: string, opts: { memory: number; standardize: boolean }): Promise<OpenedData> {
  if (/\.json$/i.test(path)) {
    const data = await loadDataset(path);
    return { kind: 'memory', data, bytes: memoryNeeded(data.shape, opts.standardize) };
  }
  const scan = await scanDataset(path);
  const bytes = memoryNeeded(scan.shape, opts.standardize);
  if (bytes <= opts.memory) return { kind: 'memory', data: await loadDataset(path), bytes };
  return { kind: 'stream', data: { scan, read: (o) => streamDataset(path, o) }, bytes };
}

/** One line saying how a data set is read, for the log. */
export function describeOpened(opened: OpenedData, memory: number): string {
  const mib = (b: number) =>
    b >= 2 ** 30
      ? `${(b / 2 ** 30).toFixed(1)} GiB`
      : b >= 2 ** 20
        ? `${(b / 2 ** 20).toFixed(1)} MiB`
        : `${(b / 2 ** 10).toFixed(1)} KiB`;
  return opened.kind === 'memory'
    ? `reading: in memory (needs ≈ ${mib(opened.bytes)}, within the ${mib(memory)} budget)`
    : `reading: streaming from the files (needs ≈ ${mib(opened.bytes)} in memory, over the ${mib(memory)} budget)`;
}
