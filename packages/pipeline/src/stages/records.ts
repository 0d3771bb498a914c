import { z } from 'zod';
import { dataSectionSchema } from '../config';
import { STAGES } from './io';

/**
 * The JSON files stages hand each other, as zod schemas: every reader validates what it reads
 * (`readJson(file, stage, schema)`), so a stale or foreign file fails naming the file.
 */

/** Every stage writes this as `stage.json` beside its outputs: the report's timings and config come from here. */
export const stageRecordSchema = z.object({
  stage: z.enum(STAGES),
  experiment: z.string(),
  startedAt: z.string(),
  seconds: z.number().nonnegative(),
  /** The config section(s) this stage ran with. */
  config: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), z.unknown()),
});
export type StageRecord = z.infer<typeof stageRecordSchema>;

/** What `tracks.json` (beside `signals.arrow`) says about each decoded track; later stages read only this index. */
export const trackIndexEntrySchema = z.object({
  track: z.string(),
  genre: z.number().int().nonnegative(),
  samples: z.number().int().nonnegative(),
  originalSr: z.number().positive(),
  channels: z.number().int().positive(),
  /** SHA-256 of the stored samples: the segment plan carries it, so a replaced track reruns mfcc. */
  sha256: z.string(),
  /** A manifest's (or label pattern's) group and fold, region start (seconds into the file) and other columns. */
  group: z.string().optional(),
  fold: z.string().optional(),
  start: z.number().min(0).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
export type TrackIndexEntry = z.infer<typeof trackIndexEntrySchema>;

/** A file not used, and why (decode's skipped files, the clips the segment and mfcc stages drop). */
export const skippedFileSchema = z.object({ path: z.string(), reason: z.string() });

export const trackIndexSchema = z.object({
  root: z.string(),
  sr: z.number().int().positive(),
  /** Seconds skipped at the start of every track (`decode.offset`). */
  offset: z.number().min(0).default(0),
  mapping: z.array(z.string()),
  tracks: z.array(trackIndexEntrySchema),
  /** Files that are not tracks (hidden, not audio) or failed to decode, with the reason. */
  skipped: z.array(skippedFileSchema),
  warnings: z.array(z.string()),
});
export type TrackIndex = z.infer<typeof trackIndexSchema>;

/** `.demo.json` in a generated demo set: the generator options, plus when and how fast it was generated (absent in older sets). */
export const demoManifestSchema = dataSectionSchema.shape.demo.unwrap().extend({
  generatedAt: z.string().optional(),
  generationSeconds: z.number().nonnegative().optional(),
});
export type DemoManifest = z.infer<typeof demoManifestSchema>;

/** The `summary` of decode's `stage.json`: the report reads it. */
export const decodeSummarySchema = z.object({
  root: z.string(),
  demo: demoManifestSchema.nullable().default(null),
  genres: z.number().int(),
  tracks: z.number().int(),
  skipped: z.number().int(),
  samples: z.number().int(),
});
