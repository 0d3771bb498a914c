import { parseSpan, type TimelineOptionsInput } from '@audio-dl/genre-model/inference';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const num = z.coerce.number();

/** `POST /v1/predict`'s query: `predict`'s flags by the same names (`smooth_method` for `--smooth-method`). */
export const predictQuerySchema = z
  .object({
    top: num.optional(),
    timeline: flag.optional(),
    hop: num.optional(),
    span: z.string().optional(),
    first: num.optional(),
    smooth: num.optional(),
    smooth_method: z.enum(['median', 'mean']).optional(),
    /** The name the answer's `file` carries (default `body`). */
    name: z.string().max(256).optional(),
  })
  .strict();

/** The query as `predictFile`'s options, or the reason it is not valid. */
export function timelineQuery(query: unknown): { name: string; opts: TimelineOptionsInput } {
  const q = predictQuerySchema.parse(query ?? {});
  return {
    name: q.name ?? 'body',
    opts: {
      top: q.top,
      timeline: q.timeline,
      hop: q.hop,
      span: q.span === undefined ? undefined : parseSpan(q.span),
      first: q.first,
      smooth: q.smooth,
      smoothMethod: q.smooth_method,
    },
  };
}
