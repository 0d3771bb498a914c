/**
 * The share of clips a chosen segment must hold whole: the median clip, so half the clips fill their segment (longer
 * ones are cut) and half are padded, instead of nearly all padded, the shortest mostly with silence, as under a
 * segment fitting 95 % of the clips (chosen on validation folds: BENCHMARKS.md, notes-dev).
 */
export const SEGMENT_QUANTILE = 0.5;
/** The longest segment chosen: the course's 3 s (longer clips are cut into several). */
export const MAX_SEGMENT_SECONDS = 3;

export interface SegmentChoice {
  seconds: number;
  /** Why, in one line: "segments of 1.0 s: 50 % of clips are no longer (…)". */
  reason: string;
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * A segment length for clips of `lengths` seconds: the median length, rounded up to 0.1 s, at most 3 s. Every clip
 * still gives at least one segment (a shorter one padded with silence), a longer one as many whole segments as it
 * holds.
 */
export function chooseSegmentSeconds(
  lengths: readonly number[],
  /** How the caller's user names a length instead (the CLI's flag, the pipeline config's key). */
  override = '--segment-seconds S',
): SegmentChoice {
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
      `shorter ones are padded with silence, longer ones cut; ${override} to choose)`,
  };
}

/**
 * With no segment layout given: a length chosen from the clips' `lengths` (`chooseSegmentSeconds`) when some clip is
 * shorter than one segment of the course's layout (`courseSeconds`), else null (the course's layout serves).
 */
export function segmentChoiceFor(
  lengths: readonly number[],
  courseSeconds: number,
  override?: string,
): SegmentChoice | null {
  return lengths.some((x) => x < courseSeconds) ? chooseSegmentSeconds(lengths, override) : null;
}
