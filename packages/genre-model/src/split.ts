import { mulberry32 } from '@audio-dl/dsp';
import { shuffleInPlace } from '@audio-dl/trainer/portable';
import { hasTracks } from './data';
import { foldSplit, groupSplit } from './group-split';
import { type Split, type SplitInput, type SplitOptions, splitSchema } from './split-options';
import { stratifiedParts } from './stratified-split';

/** How many of `n` items a fraction takes, as sklearn's `train_test_split` rounds it (ceil). */
const take = (n: number, fraction: number): number => Math.min(n, Math.ceil(n * fraction));

/** The course's split: shuffle segments, cut off the test part, then the validation part of the rest. */
function segmentSplit(n: number, opts: SplitOptions): Split {
  const rand = mulberry32(opts.seed);
  const order = shuffleInPlace(
    Int32Array.from({ length: n }, (_, i) => i),
    rand,
  );
  const nTest = take(n, opts.testSize);
  const rest = shuffleInPlace(order.slice(nTest), rand);
  const nVal = take(rest.length, opts.valSize);
  return { test: order.slice(0, nTest), val: rest.slice(0, nVal), train: rest.slice(nVal) };
}

/** Track-level split stratified by genre: every segment of a track lands in the same part. */
function trackSplit(data: SplitInput, opts: SplitOptions): Split {
  if (!hasTracks(data))
    throw new Error(
      'the data file does not name the track of each segment, so it cannot be split by track; use --split segment',
    );
  const rand = mulberry32(opts.seed);
  const segmentsOf = new Map<string, number[]>();
  data.tracks.forEach((track, i) => {
    const list = segmentsOf.get(track);
    if (list) list.push(i);
    else segmentsOf.set(track, [i]);
  });
  const parts = stratifiedParts(segmentsOf, data.labels, data.mapping.length, opts, rand);
  // Shuffle within each part so batches mix genres even before the per-epoch shuffle.
  const finish = (idx: number[]) => shuffleInPlace(Int32Array.from(idx), rand);
  return { train: finish(parts.train), val: finish(parts.val), test: finish(parts.test) };
}

/** Splits `data` into train / validation / test sample indices; the same options always give the same split. */
export function splitData(data: SplitInput, options: Partial<SplitOptions> = {}): Split {
  const opts = splitSchema.parse(options);
  if (opts.testFold !== undefined) return foldSplit(data, opts, opts.testFold, splitRows);
  return splitRows(data, opts);
}

function splitRows(data: SplitInput, opts: SplitOptions): Split {
  if (opts.kind === 'group') return groupSplit(data, opts);
  return opts.kind === 'segment' ? segmentSplit(data.labels.length, opts) : trackSplit(data, opts);
}
