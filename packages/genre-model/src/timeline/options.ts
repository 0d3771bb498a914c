import { z } from 'zod';

/** Which part of a recording is predicted, in seconds: from `start` to `end` (null: to the end of the file). */
export const spanSchema = z
  .object({ start: z.number().min(0), end: z.number().positive().nullable() })
  .refine((s) => s.end === null || s.end > s.start, { message: 'the end must be after the start' });
export type Span = z.infer<typeof spanSchema>;

/**
 * How a recording is predicted window by window; the one schema `audio-dl predict`'s flags, the server's query and
 * the library share. Windows are the model's segment length; the file's answer is the mean of its windows'.
 */
export const timelineOptionsSchema = z
  .object({
    top: z.number().int().positive().default(3),
    /** Seconds between window starts; default half a segment. */
    hop: z.number().positive().optional(),
    /** The part of the file to cover; default all of it. */
    span: spanSchema.optional(),
    /**
     * The first `first` seconds after the training offset, in back-to-back segments: how the model's training data
     * was cut (and what `predict` did before windows), exclusive with `span` and `hop`.
     */
    first: z.number().positive().optional(),
    /** Return each window's result (`windows`). */
    timeline: z.boolean().default(false),
    /** Smooth the windows' probabilities over this many windows (1: none) before labelling them. */
    smooth: z.number().int().positive().default(1),
    smoothMethod: z.enum(['median', 'mean']).default('median'),
  })
  .strict()
  .refine((o) => o.first === undefined || (o.span === undefined && o.hop === undefined), {
    message: '`first` is exclusive with `span` and `hop`',
  });
export type TimelineOptions = z.output<typeof timelineOptionsSchema>;
export type TimelineOptionsInput = z.input<typeof timelineOptionsSchema>;

/** Parses `START-END` seconds (`END` may be left out: to the end), as `--span` and `?span=` take it. */
export function parseSpan(text: string): Span {
  const m = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)?\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not START-END in seconds (e.g. 30-90, or 30- for the rest)`);
  const span = spanSchema.safeParse({ start: Number(m[1]), end: m[2] === undefined ? null : Number(m[2]) });
  if (!span.success) throw new Error(`"${text}": ${span.error.issues[0].message}`);
  return span.data;
}
