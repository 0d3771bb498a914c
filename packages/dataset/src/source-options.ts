import { z } from 'zod';

/**
 * How a labelled data set is described, besides a folder per label: a manifest (CSV with a header, or JSON Lines)
 * or a regular expression over each file's path. One schema for the CLI flags, the pipeline config and the library.
 */
export const sourceOptionsSchema = z
  .object({
    /** A CSV (header row) or JSON Lines (`.jsonl`, `.ndjson`) file with one row per clip. */
    manifest: z.string().min(1).optional(),
    /** Manifest column names; defaults `file`, `label`, `group`, `fold` (a named column must exist). */
    fileColumn: z.string().min(1).optional(),
    labelColumn: z.string().min(1).optional(),
    groupColumn: z.string().min(1).optional(),
    foldColumn: z.string().min(1).optional(),
    /** Read the manifest's `start` and `end` columns (seconds) as a region of the file; false keeps them as metadata. */
    regions: z.boolean().default(true),
    /** A manifest row whose file does not exist: `error` (default) fails the run, `skip` names it and goes on. */
    missing: z.enum(['error', 'skip']).default('error'),
    /** Matched against each audio file's path relative to ROOT: named groups `label` (required), `group`, `fold`. */
    labelPattern: z.string().min(1).optional(),
    /** Folder per label only: a folder inside a label folder is an error, or (`parent`) part of the top folder's label. */
    nested: z.enum(['error', 'parent']).default('error'),
  })
  .strict()
  .refine((o) => !(o.manifest && o.labelPattern), { message: 'give a manifest or a label pattern, not both' });
export type SourceOptions = z.infer<typeof sourceOptionsSchema>;
export type SourceOptionsInput = z.input<typeof sourceOptionsSchema>;
