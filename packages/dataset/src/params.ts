import { z } from 'zod';

/** Feature extraction parameters with the course's defaults (§09: `extract_data.py`). */
export const featureParamsSchema = z
  .object({
    sr: z.number().int().positive().default(22050),
    duration: z.number().positive().default(30),
    /** Seconds skipped at the start of each track before the `duration` used (librosa.load's `offset`). */
    offset: z.number().min(0).default(0),
    segments: z.number().int().positive().default(10),
    nMfcc: z.number().int().positive().default(13),
    nFft: z.number().int().positive().default(2048),
    hopLength: z.number().int().positive().default(512),
    nMels: z.number().int().positive().default(128),
    /** Lowest and highest frequency of the mel filters (librosa's fmin, fmax); absent fmax: sr / 2. */
    fmin: z.number().min(0).optional(),
    fmax: z.number().positive().optional(),
    /** `mfcc`: [frames, nMfcc] per segment (the course); `logmel`: power_to_db(melspectrogram), [frames, nMels]. */
    features: z.enum(['mfcc', 'logmel']).default('mfcc'),
    /**
     * Clips of any length (absent: the course's `segments` parts of `duration` s): each clip (at most `duration` s) is
     * cut into whole segments of this many seconds, and a clip shorter than one is centred in silence and kept.
     */
    segmentSeconds: z.number().positive().optional(),
    /** With `segmentSeconds`: a clip shorter than this is dropped (named), as is a silent one. */
    minSeconds: z.number().min(0).optional(),
  })
  .strict();

export type FeatureParams = z.infer<typeof featureParamsSchema>;
export type FeatureParamsInput = z.input<typeof featureParamsSchema>;

export const defaultFeatureParams: FeatureParams = featureParamsSchema.parse({});

/** Log-mel bands when log-mel features are asked for without a band count: the usual CNN input. */
export const LOGMEL_BANDS = 64;

/**
 * `input` with its features filled in: clips cut into clip-length segments (`segmentSeconds`) get 64-band log-mel
 * unless features are named (chosen on validation folds of short clips: BENCHMARKS.md, notes-dev), the course's fixed
 * segments keep its MFCC; log-mel without `nMels` gets `LOGMEL_BANDS` (MFCC keeps the course's 128-band mel stage).
 */
export function withDefaultFeatures(input: FeatureParamsInput): FeatureParamsInput {
  const features = input.features ?? (input.segmentSeconds === undefined ? 'mfcc' : 'logmel');
  return { ...input, features, ...(features === 'logmel' ? { nMels: input.nMels ?? LOGMEL_BANDS } : {}) };
}

export const featureKinds = ['mfcc', 'logmel'] as const;
export type FeatureKind = (typeof featureKinds)[number];

/** Refuses mel filters past the Nyquist frequency of `params.sr`, or with fmin not below fmax: one line. */
export function checkBands(params: FeatureParams): void {
  const nyquist = params.sr / 2;
  const fmax = params.fmax ?? nyquist;
  if (fmax > nyquist) throw new RangeError(`fmax ${fmax} Hz is above the Nyquist frequency of sr ${params.sr} Hz`);
  if ((params.fmin ?? 0) >= fmax) throw new RangeError(`fmin ${params.fmin} Hz must be below fmax ${fmax} Hz`);
}

/** The mel filters' range in words where it is not 0 to sr / 2 (` from 0 to 4000 Hz`), else ''. */
export function melRangeText(p: Pick<FeatureParams, 'sr' | 'fmin' | 'fmax'>): string {
  const fmax = p.fmax ?? p.sr / 2;
  return p.fmin || fmax !== p.sr / 2 ? ` from ${p.fmin ?? 0} to ${fmax} Hz` : '';
}

/** Values per frame: nMfcc coefficients or nMels log-mel bands. */
export const featureBands = (params: FeatureParams): number =>
  params.features === 'logmel' ? params.nMels : params.nMfcc;

export interface SegmentLayout {
  /** Samples in one segment: floor(sr · duration / segments). */
  samplesPerSegment: number;
  /** MFCC vectors a full segment yields: ceil(samplesPerSegment / hopLength). */
  expectedVectors: number;
}

/** The course's segment arithmetic (§09.3); throws when a segment would hold no samples. */
export function segmentLayout(params: FeatureParams): SegmentLayout {
  const samplesPerSegment =
    params.segmentSeconds === undefined
      ? Math.floor((params.sr * params.duration) / params.segments)
      : Math.round(params.sr * params.segmentSeconds);
  if (samplesPerSegment < 1) {
    throw new RangeError(
      params.segmentSeconds === undefined
        ? `segments=${params.segments} over duration=${params.duration} s at sr=${params.sr} leaves no samples per segment`
        : `segmentSeconds=${params.segmentSeconds} at sr=${params.sr} leaves no samples per segment`,
    );
  }
  return { samplesPerSegment, expectedVectors: Math.ceil(samplesPerSegment / params.hopLength) };
}

/** Seconds a clip needs to be kept (with `segmentSeconds`): `minSeconds`, or three hops (a few frames). */
export const minClipSeconds = (params: FeatureParams): number =>
  params.minSeconds ?? (3 * params.hopLength) / params.sr;

/** Why a clip of `seconds` is dropped as shorter than `least` s, naming the setting that sets it (`setting`). */
export const tooShortReason = (seconds: number, least: number, setting = '--min-seconds'): string =>
  `dropped: ${seconds.toFixed(3)} s, shorter than ${setting} ${least.toFixed(3)} s`;

/** Shape of one sample these parameters give: [frames per segment, values per frame (nMfcc or nMels)]. */
export function featureShape(params: FeatureParams): [number, number] {
  return [segmentLayout(params).expectedVectors, featureBands(params)];
}
