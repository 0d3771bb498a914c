import type { FeatureParams } from './params';

export interface BandLimit {
  /** Highest frequency of the mel filters (librosa's fmax). */
  fmax: number;
  /** Why, in one line: "mel bands up to 4000 Hz: 18 % of clips were recorded at 8000 Hz (…)". */
  reason: string;
}

/**
 * For clips recorded at several rates: mel filters up to the lowest rate's Nyquist frequency, when that is below
 * the features' sr / 2. Above it a clip recorded at that rate holds nothing (resampling adds no content), so those
 * bands would tell the model a file's sample rate rather than its sound; chosen on validation folds of notes-dev
 * (8–48 kHz clips: 0.345 → 0.370 clip accuracy, worst fold 0.236 → 0.314; BENCHMARKS.md). Null when every clip
 * reaches sr / 2, as for data recorded at one rate at or above `sr`.
 */
export function bandLimitFor(
  rates: readonly number[],
  sr: number,
  /** How the caller's user sets fmax instead (the CLI's flag, the pipeline config's key). */
  override = '--fmax HZ',
): BandLimit | null {
  if (rates.length === 0) return null;
  const lowest = rates.reduce((a, b) => Math.min(a, b));
  if (lowest >= sr) return null;
  const fmax = lowest / 2;
  const share = rates.filter((r) => r === lowest).length / rates.length;
  const percent = share < 0.01 ? '< 1' : String(Math.round(100 * share));
  return {
    fmax,
    reason:
      `mel bands up to ${fmax} Hz: ${percent} % of clips were recorded at ${lowest} Hz, which holds nothing higher ` +
      `(${override} to choose)`,
  };
}

/** Refuses mel filters past the Nyquist frequency of `params.sr`, or with fmin not below fmax: one line. */
export function checkBands(params: FeatureParams): void {
  const nyquist = params.sr / 2;
  const fmax = params.fmax ?? nyquist;
  if (fmax > nyquist) throw new RangeError(`fmax ${fmax} Hz is above the Nyquist frequency of sr ${params.sr} Hz`);
  if ((params.fmin ?? 0) >= fmax) throw new RangeError(`fmin ${params.fmin} Hz must be below fmax ${fmax} Hz`);
}
