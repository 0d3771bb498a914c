/** The share of clips a chosen segment must hold whole: longer ones are cut, the rest padded. */
export const SEGMENT_QUANTILE = 0.95;
/** The longest segment chosen: the course's 3 s (longer clips are cut into several). */
export const MAX_SEGMENT_SECONDS = 3;

export interface SegmentChoice {
  seconds: number;
  /** Why, in one line: "segments of 1.0 s: 95 % of clips are no longer (…)". */
  reason: string;
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * A segment length for clips of `lengths` seconds: the length 95 % of them do not exceed, rounded up to 0.1 s, at
 * most 3 s. So nearly every clip gives one segment, padded with silence, and no clip loses more than it must.
 */
export function chooseSegmentSeconds(lengths: readonly number[]): SegmentChoice {
  if (lengths.length === 0) throw new Error('no clip lengths to choose a segment length from');
  const sorted = [...lengths].sort((a, b) => a - b);
  const q = quantile(sorted, SEGMENT_QUANTILE);
  const seconds = Math.min(MAX_SEGMENT_SECONDS, Math.max(0.1, Math.ceil(q * 10 - 1e-9) / 10));
  const fit = sorted.filter((x) => x <= seconds + 1e-9).length / sorted.length;
  const f = (x: number) => x.toFixed(2);
  return {
    seconds,
    reason:
      `segments of ${seconds.toFixed(1)} s: ${Math.floor(100 * fit)} % of clips are no longer ` +
      `(clips ${f(sorted[0])}–${f(sorted[sorted.length - 1])} s, median ${f(quantile(sorted, 0.5))} s; ` +
      'shorter ones are padded with silence, longer ones cut; --segment-seconds S to choose)',
  };
}
