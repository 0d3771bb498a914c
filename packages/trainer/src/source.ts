import type { TrackRun } from './augment/crop';

/** Which rows go where: training, validation (scored each epoch) and test (scored by the caller). */
export interface RowSplit {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/**
 * Rows the training loop holds at once: all of a data set in memory, or one window of it streamed from files.
 * Arrays are indexed by position in the block; `rows` are the positions to use.
 */
export interface SampleBlock {
  /** Samples [*, ...inputShape], as training reads them (already standardised where the caller does that). */
  features: Float32Array;
  /** Class per row (the logits objective; a compiled model's sparse labels where `targets` is absent). */
  labels: Int32Array;
  /** Real-valued targets [*, width] for a compiled model (e.g. a regressor), one row per label. */
  targets?: Float32Array;
  /** Group of each row ('' none) and its place in the group (-1 none): consecutive rows of a group can be cropped across. */
  tracks: readonly string[];
  segments: Int32Array;
  rows: Int32Array;
  /** Runs of `rows` for random crops, when known beforehand; else the loop groups `rows` by track and segment. */
  runs?: TrackRun[];
}

/** Where training, validation and scoring read their rows: one shared loop for in-memory and streamed data. */
export interface SampleSource {
  /** How the rows are read, for messages and the model's record. */
  readonly kind: 'memory' | 'stream';
  /** Training rows in each block of epoch `epoch`, in order, known before any is read (the schedule counts steps). */
  trainPlan(epoch: number): number[];
  /** The training rows of epoch `epoch`, a block at a time in `trainPlan`'s sizes. */
  train(epoch: number): AsyncIterable<SampleBlock>;
  /** The rows of the validation or test part, a block at a time (in no particular order). */
  held(part: 'val' | 'test'): AsyncIterable<SampleBlock>;
}

/** Rows held in memory: each epoch is one block of every training row, which the loop shuffles whole. */
export function memorySource(
  data: Pick<SampleBlock, 'features' | 'labels' | 'targets' | 'tracks' | 'segments'>,
  split: RowSplit,
  runs?: TrackRun[],
): SampleSource {
  const block = (rows: Int32Array): SampleBlock => ({ ...data, rows });
  return {
    kind: 'memory',
    trainPlan: () => [split.train.length],
    async *train() {
      yield { ...block(split.train), ...(runs ? { runs } : {}) };
    },
    async *held(part) {
      if (split[part].length > 0) yield block(split[part]);
    },
  };
}
