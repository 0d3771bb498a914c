// Test-only access to the librosa golden fixtures: librosa/ beside this file, copied from ../shared/fixtures/librosa
// by copy-librosa-fixtures.ts (see librosa/README.md). track30.wav is regenerated, not stored (track30.ts).
// Each JSON file is validated with a zod schema of the fields the tests and tools/bench/dsp-parity.ts read,
// so a fixture that lacks one, or has a matrix that disagrees with its shape, fails at load with its path.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const FIXTURES = resolve(__dirname, 'librosa');

/** The inputs that have a NAME.wav and a NAME.json of librosa's results. */
export const featureFixtureNames = ['sine440', 'chirp', 'noise', 'clicks', 'music', 'stereo44k'] as const;
export type FeatureFixtureName = (typeof featureFixtureNames)[number];

export function fixturePath(file: string, dir: string = FIXTURES): string {
  const p = join(dir, file);
  if (!existsSync(p)) {
    throw new Error(`librosa fixture missing: ${p}`);
  }
  return p;
}

const vector = z.array(z.number());
const rows = z.array(vector);
const index = z.number().int().nonnegative();
const shape = z.tuple([index, index]);

/** A [rows][cols] list whose size agrees with `shape` (librosa's axis order: bins/mels/coefficients × frames). */
function shapedMatrix<K extends string>(key: K) {
  return (m: Record<K, number[][]> & { shape: [number, number] }, ctx: z.RefinementCtx): void => {
    const [r, c] = m.shape;
    const data = m[key];
    if (data.length !== r || data.some((row) => row.length !== c)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `not ${r} rows of ${c} values as shape says` });
    }
  };
}

const nonzeroRow = z
  .object({ indices: z.array(index), values: vector })
  .refine((row) => row.indices.length === row.values.length, 'indices and values differ in length');

const resampler = z.object({ max_abs_mfcc_diff: z.number() });

/** Fields of NAME.json read by the tests and the parity bench; optional where only some inputs have them. */
export const featureFixtureSchema = z.object({
  name: z.string(),
  load: z.object({
    length: index,
    first64: vector.length(64),
    stats: z.object({ sum: z.number() }),
    /** Absent for sine440 and chirp, which carry `full` instead. */
    mid64_start: index.optional(),
    mid64: vector.length(64).optional(),
  }),
  stft_mag: z
    .object({
      shape,
      col_sums: vector,
      /** Every input but sine440. */
      frame0: vector.optional(),
      frame5: vector.optional(),
      /** sine440 only: the whole [1025][frames] matrix. */
      full: rows.optional(),
    })
    .refine((s) => s.col_sums.length === s.shape[1], 'col_sums: one per frame')
    .refine(
      (s) => s.full !== undefined || (s.frame0 !== undefined && s.frame5 !== undefined),
      'neither full nor frames',
    ),
  amplitude_to_db: z
    .object({ max: z.number(), min: z.number(), frame0: vector.optional(), full: rows.optional() })
    .refine((a) => a.full !== undefined || a.frame0 !== undefined, 'neither full nor frame0'),
  melspectrogram: z.object({ shape, first3frames: rows.length(3), col_sums: vector }),
  power_to_db_mel: z.object({ max: z.number(), min: z.number(), first3frames: rows.length(3) }),
  mfcc: z.object({ shape, data: rows }).superRefine(shapedMatrix('data')),
  /** chirp only: librosa.filters.mel(sr=22050, n_fft=2048, n_mels=128). */
  mel_filterbank: z
    .object({
      shape,
      row_sums: vector,
      mel_frequencies_hz: vector,
      row0_nonzero: nonzeroRow,
      row10_nonzero: nonzeroRow,
      row127_nonzero: nonzeroRow,
    })
    .optional(),
  /** stereo44k only: librosa's other resamplers against its default soxr_hq. */
  resampler_comparison: z
    .object({
      soxr_vhq: resampler,
      soxr_mq: resampler,
      polyphase: resampler,
      kaiser_best: resampler,
      fft: resampler,
    })
    .optional(),
});
export type FeatureFixture = z.infer<typeof featureFixtureSchema>;

const segmentMfcc = z.object({ start: index, finish: index, shape, mfcc: rows }).superRefine(shapedMatrix('mfcc'));

/** Fields of segments.json (track30.wav cut into ten 66150-sample segments). */
export const segmentsFixtureSchema = z.object({
  segments: z
    .array(
      z.object({
        start: index,
        finish: index,
        mfcc_frame0: vector.length(13),
        mfcc_mean_over_frames: vector.length(13),
      }),
    )
    .length(10),
  segment0: segmentMfcc,
  segment9: segmentMfcc,
});
export type SegmentsFixture = z.infer<typeof segmentsFixtureSchema>;

function parseFixture<S extends z.ZodType>(schema: S, file: string): z.infer<S> {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`librosa fixture ${file} is not as expected:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** NAME.json, validated. `dir` defaults to the fixtures copied into the repository. */
export function fixture(name: FeatureFixtureName, dir: string = FIXTURES): FeatureFixture {
  return parseFixture(featureFixtureSchema, fixturePath(`${name}.json`, dir));
}

/** segments.json, validated. */
export function segmentsFixture(dir: string = FIXTURES): SegmentsFixture {
  return parseFixture(segmentsFixtureSchema, fixturePath('segments.json', dir));
}

/** A field only some fixtures have: its value, or an error naming what is missing. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`librosa fixture has no ${what}`);
  return value;
}

/** Max |a − b| between a row-major Float32Array and a golden [rows][cols] list. */
export function maxAbsDiff(data: Float32Array, cols: number, golden: number[][]): number {
  let d = 0;
  for (let r = 0; r < golden.length; r++) {
    for (let c = 0; c < golden[r].length; c++) d = Math.max(d, Math.abs(data[r * cols + c] - golden[r][c]));
  }
  return d;
}
